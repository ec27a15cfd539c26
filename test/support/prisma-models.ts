// Prisma models (schema text without the datasource) that several suites push and migrate.

export const USER = `
model User {
  id    Int    @id @default(autoincrement())
  email String @unique
}
`;

export const USER_WITH_PHONE = `
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  phone String?
}
`;

export const USER_WITH_BIO = `
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  bio   String?
}
`;
