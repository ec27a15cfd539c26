# Baseline (c): Flask + SQLAlchemy served by gunicorn, BackAnt's stack, written the way a typical
# Flask + SQLAlchemy app is: a declarative model class, a scoped session per request (removed at
# teardown), session.get / select / add + commit, jsonify. One file: BackAnt's layered
# routes/services/repositories would add function calls, not queries.
# Same routes and response shapes as the generated API's Products resource; bench/throughput.mjs
# passes DATABASE_URL as an SQLAlchemy URL (sqlite:////path or postgresql+psycopg2://...).
# Written for SQLAlchemy 2.0-style use (select(), Session.get, future=True); Debian 12 ships 1.4,
# which runs it the same way.
import os
from datetime import datetime

from flask import Flask, abort, jsonify, request
from sqlalchemy import Column, DateTime, Integer, String, TypeDecorator, create_engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import declarative_base, scoped_session, sessionmaker
from sqlalchemy.pool import QueuePool

url = os.environ["DATABASE_URL"]
# SQLAlchemy 2.0's defaults for an SQLite file, spelled out for 1.4 (which opened a connection per
# checkout): a QueuePool, whose connections may serve any thread.
sqlite = {"poolclass": QueuePool, "connect_args": {"check_same_thread": False}} if url.startswith("sqlite") else {}
engine = create_engine(url, future=True, **sqlite)
Session = scoped_session(sessionmaker(bind=engine, future=True))
Base = declarative_base()


class UtcDateTime(TypeDecorator):
    """A naive UTC datetime. In SQLite, the text Prisma writes there (2026-01-01T00:00:00.000+00:00),
    so that the table stays the one the other apps share; elsewhere a plain timestamp column."""

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(String() if dialect.name == "sqlite" else DateTime())

    def process_bind_param(self, value, dialect):
        if value is None or dialect.name != "sqlite":
            return value
        return value.isoformat(timespec="milliseconds") + "+00:00"

    def process_result_value(self, value, dialect):
        if value is None or dialect.name != "sqlite":
            return value
        return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)


def iso(value):
    return value.isoformat(timespec="milliseconds") + "Z"


class Product(Base):
    __tablename__ = "products"

    id = Column(Integer, primary_key=True)
    name = Column(String(120), nullable=False)
    sku = Column(String(40), nullable=False, unique=True)
    price_cents = Column(Integer, nullable=False)
    stock = Column(Integer, nullable=False, default=0)
    created_at = Column(UtcDateTime, nullable=False, default=datetime.utcnow)
    updated_at = Column(UtcDateTime, nullable=False, default=datetime.utcnow, onupdate=datetime.utcnow)

    def to_dict(self):
        return {
            "id": self.id,
            "name": self.name,
            "sku": self.sku,
            "priceCents": self.price_cents,
            "stock": self.stock,
            "createdAt": iso(self.created_at),
            "updatedAt": iso(self.updated_at),
        }


app = Flask(__name__)
app.json.sort_keys = False  # the fields in the model's order, as the other apps send them


@app.teardown_appcontext
def remove_session(exception=None):
    Session.remove()


@app.get("/products/<int:product_id>")
def get_product(product_id):
    product = Session.get(Product, product_id)
    if product is None:
        return jsonify(error="Product not found"), 404
    return jsonify(product.to_dict())


@app.get("/products")
def list_products():
    page = max(1, request.args.get("page", 1, type=int))
    page_size = min(100, max(1, request.args.get("pageSize", 20, type=int)))
    # One row more than asked tells whether a next page exists (the generated API does the same work).
    rows = Session.execute(
        select(Product).order_by(Product.id).offset((page - 1) * page_size).limit(page_size + 1)
    ).scalars().all()
    return jsonify(
        data=[p.to_dict() for p in rows[:page_size]],
        page=page,
        pageSize=page_size,
        hasMore=len(rows) > page_size,
    )


@app.post("/products")
def create_product():
    body = request.get_json()
    if not isinstance(body, dict) or not {"name", "sku", "priceCents"} <= body.keys():
        abort(400)
    product = Product(name=body["name"], sku=body["sku"], price_cents=body["priceCents"], stock=body.get("stock", 0))
    Session.add(product)
    try:
        Session.commit()
    except IntegrityError:
        Session.rollback()
        return jsonify(error="sku already exists"), 409
    return jsonify(product.to_dict()), 201
