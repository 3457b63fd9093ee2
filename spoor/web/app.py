"""The Spoor web app: the report's views live, search, entity and fact pages, review.

``create_app(store)`` returns the ASGI app: FastAPI behind the guard. HTML pages are drawn on
the server with the report's templates (autoescaped, no inline script); the
JSON API lives under ``/api/`` and is described at ``/openapi.json``. Review
actions are stored as judgements (spoor/store/judgements.py), which
ingestion never touches, so they survive re-ingesting.

Every request passes :class:`spoor.web.security.Guard` first (token, size,
cross-site checks, security headers); state-changing routes also check the
CSRF token.
"""

from __future__ import annotations

import logging
import re
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Form, Header, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import PackageLoader

from spoor.analysis.footprint import read_doc_dates, seen_dates
from spoor.errors import SpoorError
from spoor.outputs import report
from spoor.outputs.charts import STATIC_DIR
from spoor.store import Store, judgements
from spoor.web import queries
from spoor.web.cache import Answers, Views
from spoor.web.review import (
    EDITABLE_FIELDS,
    JudgementIn,
    JudgementOut,
    ReviewError,
    predicate_names,
    store_judgement,
)
from spoor.web.security import (
    AUTH_COOKIE,
    CSRF_COOKIE,
    DEFAULT_MAX_BODY,
    Guard,
    cookies_of,
    csrf_ok,
    new_csrf_token,
    session_value,
)

log = logging.getLogger(__name__)

# The only files served: a fixed map from URL name to packaged file, so no
# request path ever becomes a filesystem path.
STATIC_FILES = {"spoor.js": "text/javascript", "spoor.css": "text/css"}
RELIABILITY = ("A", "B", "C", "D", "E", "F")
MAX_LISTED = 500  # facts on one HTML page
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(_store)]


def create_app(
    store: Store, *, token: str | None = None, max_body: int = DEFAULT_MAX_BODY
) -> Guard:
    """The ASGI app (FastAPI behind the guard). ``app.app`` is the FastAPI instance."""
    api = FastAPI(
        title="Spoor",
        version="1",
        description="Evidence-linked knowledge base on armed groups: read and review.",
        docs_url=None,  # Swagger UI loads scripts from a CDN: not under our CSP
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    env = report.environment(PackageLoader("spoor.web", "templates"))
    views = Views(store)
    answers = Answers(store)
    api.state.store = store

    def render(request: Request, name: str, **context: Any) -> HTMLResponse:
        csrf = cookies_of(request.scope).get(CSRF_COOKIE) or new_csrf_token()
        html = env.get_template(name).render(
            **context, csrf=csrf, path=request.url.path, auth=bool(token)
        )
        response = HTMLResponse(html)
        response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict")
        response.headers["cache-control"] = "no-store"
        return response

    @api.exception_handler(SpoorError)
    async def spoor_error(_: Request, exc: SpoorError) -> Response:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    # ---- static files -----------------------------------------------------------

    @api.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        media = STATIC_FILES.get(name)
        if media is None:
            raise HTTPException(404, "No such file.")
        return Response((STATIC_DIR / name).read_bytes(), media_type=media)

    # ---- login (only when a token is set) ---------------------------------------

    @api.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request) -> HTMLResponse:
        return render(request, "login.html", error=None)

    @api.post("/login", include_in_schema=False)
    def login(request: Request, token_field: Annotated[str, Form(alias="token")] = "") -> Response:
        import hmac

        if not token or not hmac.compare_digest(token_field.encode(), token.encode()):
            refused = render(request, "login.html", error="That token is not right.")
            refused.status_code = 401
            return refused
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(AUTH_COOKIE, session_value(token), httponly=True, samesite="strict")
        return response

    # ---- HTML pages ---------------------------------------------------------------

    @api.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(
        request: Request,
        group: Annotated[str | None, Query(max_length=200)] = None,
        since: Annotated[str | None, Query(max_length=10)] = None,
    ) -> HTMLResponse:
        if since and not _DATE.match(since):
            raise HTTPException(400, "since is YYYY, YYYY-MM or YYYY-MM-DD.")
        context = views.context(group or None, since or None)
        return render(request, "index.html", **context, group_query=group or "")

    @api.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entities_page(
        request: Request,
        store: StoreDep,
        q: Annotated[str, Query(max_length=200)] = "",
        type: Annotated[str, Query(max_length=40)] = "",  # noqa: A002
    ) -> HTMLResponse:
        found = queries.find_entities(store, q, type or None, limit=300)
        return render(request, "entities.html", entities=found, q=q, type=type)

    @api.get("/entities/{entity_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, entity_id: str, store: StoreDep) -> HTMLResponse:
        found = queries.entity(store, entity_id)
        if found is None:
            raise HTTPException(404, "No such entity.")
        facts = sorted(
            store.facts(entity=entity_id),
            key=lambda f: (report.predicate_rank(f["predicate"]), -f["confidence"]),
        )
        group = None
        if found["type"] == "armed_group":
            context = views.context(entity_id, None)
            group = context["groups"][0] if context["groups"] else None
        decisions = queries.judgements_for(store, [entity_id])
        return render(
            request,
            "entity.html",
            entity=found,
            facts=facts,
            group=group,
            legend=report.charts.legend(),
            decisions=decisions,
        )

    @api.get("/facts", response_class=HTMLResponse, include_in_schema=False)
    def facts_page(
        request: Request,
        store: StoreDep,
        entity: Annotated[str, Query(max_length=300)] = "",
        predicate: Annotated[str, Query(max_length=60)] = "",
        weak: Annotated[str, Query(max_length=1)] = "",
    ) -> HTMLResponse:
        shown: list[dict[str, Any]] = []
        truncated = False
        for fact in store.facts(entity=entity or None, predicate=predicate or None):
            if weak and not report.is_weak(fact):
                continue
            if len(shown) >= MAX_LISTED:
                truncated = True
                break
            shown.append(fact)
        return render(
            request,
            "facts.html",
            facts=shown,
            truncated=truncated,
            entity=entity,
            predicate=predicate,
            weak_only=bool(weak),
            predicates=sorted(predicate_names()),
        )

    @api.get("/facts/{fact_id}", response_class=HTMLResponse, include_in_schema=False)
    def fact_page(request: Request, fact_id: str, store: StoreDep) -> HTMLResponse:
        found = queries.fact(store, fact_id)
        if found is None:
            raise HTTPException(404, "No such fact.")
        sources_seen = sorted({e["source"] for e in found["evidence"] if e["source"]})
        decisions = queries.judgements_for(store, [fact_id, *sources_seen])
        return render(
            request,
            "fact.html",
            fact=found,
            ratings=queries.source_ratings(store, sources_seen),
            decisions=decisions,
            state=queries.review_state(found, (d for d in decisions if d.target == fact_id)),
            fields=EDITABLE_FIELDS,
            reliability=RELIABILITY,
        )

    @api.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents_page(
        request: Request, store: StoreDep, q: Annotated[str, Query(max_length=200)] = ""
    ) -> HTMLResponse:
        hits = queries.search_documents(store, q, limit=50) if q else []
        return render(request, "documents.html", q=q, hits=hits)

    @api.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str, store: StoreDep) -> HTMLResponse:
        found = queries.document(store, doc_id)
        if found is None:
            raise HTTPException(404, "No such document.")
        return render(request, "document.html", doc=found)

    @api.post("/review", include_in_schema=False)
    def review(
        request: Request,
        store: StoreDep,
        kind: Annotated[str, Form(max_length=20)],
        target: Annotated[str, Form(max_length=300)],
        csrf: Annotated[str, Form(max_length=100)] = "",
        next: Annotated[str, Form(max_length=400)] = "/",  # noqa: A002
        author: Annotated[str, Form(max_length=80)] = "",
        other: Annotated[str, Form(max_length=300)] = "",
        alias: Annotated[str, Form(max_length=200)] = "",
        reason: Annotated[str, Form(max_length=500)] = "",
        field: Annotated[str, Form(max_length=40)] = "",
        value: Annotated[str, Form(max_length=500)] = "",
        reliability: Annotated[str, Form(max_length=2)] = "",
        note: Annotated[str, Form(max_length=500)] = "",
    ) -> Response:
        if not csrf_ok(cookies_of(request.scope).get(CSRF_COOKIE), csrf):
            raise HTTPException(403, "The form's CSRF token is missing or stale: reload the page.")
        fields = {
            "other": other,
            "alias": alias,
            "reason": reason,
            "field": field,
            "value": value,
            "reliability": reliability,
            "note": note,
        }
        item = JudgementIn(kind=kind, target=target, value=fields, author=author or None)
        try:
            store_judgement(store, item)
        except ReviewError as exc:
            page = render(request, "error.html", message=str(exc), back=_local(next))
            page.status_code = 422
            return page
        answers.forget()
        return RedirectResponse(_local(next), status_code=303)

    # ---- JSON API -----------------------------------------------------------------

    @api.get("/api/health", tags=["api"])
    def health() -> dict[str, Any]:
        """Liveness and the store's size (at most a second old)."""
        documents, last_judgement, _ = answers.version()
        return {"status": "ok", "documents": documents, "last_judgement": last_judgement}

    @api.get("/api/entities", tags=["api"], response_model=None)
    def api_entities(
        store: StoreDep,
        q: Annotated[str, Query(max_length=200)] = "",
        type: Annotated[str, Query(max_length=40)] = "",  # noqa: A002
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> Response:
        """Entities whose name or alias contains ``q``, most mentioned first."""
        return answers.json(
            ("entities", q, type, limit),
            lambda: queries.find_entities(store, q, type or None, limit),
        )

    @api.get("/api/entities/{entity_id:path}", tags=["api"], response_model=None)
    def api_entity(entity_id: str, store: StoreDep) -> Response:
        """One entity, the predicates of its facts and the analysts' decisions about it."""

        def build() -> dict[str, Any] | None:
            found = queries.entity(store, entity_id)
            if found is None:
                return None
            # Counted from the facts reader's first pass: assembling every fact with its
            # evidence only to count them took seconds on a large store.
            n_facts, predicates = store.fact_overview(entity=entity_id)
            decisions = queries.judgements_for(store, [entity_id])
            return {
                **found,
                "n_facts": n_facts,
                "predicates": predicates,
                "judgements": [queries.judgement_json(d) for d in decisions],
            }

        return answers.json(("entity", entity_id), build)

    @api.get("/api/facts", tags=["api"], response_model=None)
    def api_facts(
        store: StoreDep,
        entity: Annotated[str | None, Query(max_length=300)] = None,
        predicate: Annotated[str | None, Query(max_length=60)] = None,
        since: Annotated[
            str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY[-MM[-DD]]")
        ] = None,
        limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    ) -> Response:
        """Facts in the ``spoor facts`` contract; ``since`` keeps those seen on or after it."""

        def build() -> list[dict[str, Any]]:
            found = []
            doc_dates = read_doc_dates(store) if since else {}
            for fact in store.facts(entity=entity or None, predicate=predicate or None):
                if since and not any(d >= since for d in seen_dates(fact, doc_dates)):
                    continue
                found.append(fact)
                if len(found) >= limit:
                    break
            return found

        return answers.json(("facts", entity, predicate, since, limit), build)

    @api.get("/api/documents", tags=["api"], response_model=None)
    def api_documents(
        store: StoreDep,
        q: Annotated[str, Query(min_length=1, max_length=200)],
        limit: Annotated[int, Query(ge=1, le=200)] = 20,
    ) -> Response:
        """Full-text search (every word required); hits wrapped in <mark> in snippet_html."""
        return answers.json(
            ("documents", q, limit), lambda: queries.search_documents(store, q, limit)
        )

    @api.post("/api/judgements", tags=["api"], status_code=201)
    def api_judgement(
        request: Request,
        item: JudgementIn,
        store: StoreDep,
        x_csrf_token: Annotated[str | None, Header()] = None,
    ) -> JudgementOut:
        # A client that sent the bearer token is not a browser riding on a cookie;
        # anyone else must echo the CSRF cookie in the X-CSRF-Token header.
        bearer = (request.headers.get("authorization") or "").lower().startswith("bearer ")
        if not (token and bearer) and not csrf_ok(
            cookies_of(request.scope).get(CSRF_COOKIE), x_csrf_token
        ):
            raise HTTPException(
                403, "Send the spoor_csrf cookie's value in X-CSRF-Token (GET /api/csrf)."
            )
        new_id = _store_judgement(store, item)
        answers.forget()
        return JudgementOut(id=new_id, kind=item.kind, target=item.target)

    @api.post("/api/judgements/{judgement_id}/undo", tags=["api"])
    def api_undo(
        request: Request,
        judgement_id: int,
        store: StoreDep,
        x_csrf_token: Annotated[str | None, Header()] = None,
    ) -> JudgementOut:
        """Undo a judgement (it stays in the history, marked undone)."""
        bearer = (request.headers.get("authorization") or "").lower().startswith("bearer ")
        if not (token and bearer) and not csrf_ok(
            cookies_of(request.scope).get(CSRF_COOKIE), x_csrf_token
        ):
            raise HTTPException(403, "Send the spoor_csrf cookie's value in X-CSRF-Token.")
        undone = _undo(store, judgement_id)
        return JudgementOut(id=undone.id, kind=undone.kind, target=undone.target)

    @api.post("/review/undo", include_in_schema=False)
    def review_undo(
        request: Request,
        store: StoreDep,
        judgement: Annotated[int, Form()],
        csrf: Annotated[str, Form(max_length=100)] = "",
        next: Annotated[str, Form(max_length=400)] = "/",  # noqa: A002
    ) -> Response:
        if not csrf_ok(cookies_of(request.scope).get(CSRF_COOKIE), csrf):
            raise HTTPException(403, "The form's CSRF token is missing or stale: reload the page.")
        _undo(store, judgement)
        return RedirectResponse(_local(next), status_code=303)

    def _undo(store: Store, judgement_id: int) -> judgements.Judgement:
        try:
            with store.engine.begin() as conn:
                undone = judgements.undo(conn, judgement_id)
        except SpoorError as exc:
            raise HTTPException(422, str(exc)) from None
        answers.forget()
        return undone

    @api.get("/api/csrf", tags=["api"])
    def api_csrf(request: Request) -> Response:
        value = cookies_of(request.scope).get(CSRF_COOKIE) or new_csrf_token()
        response = JSONResponse({"token": value})
        response.set_cookie(CSRF_COOKIE, value, httponly=True, samesite="strict")
        return response

    def _store_judgement(store: Store, item: JudgementIn) -> int:
        try:
            new_id = store_judgement(store, item)
        except ReviewError as exc:
            raise HTTPException(422, str(exc)) from None
        log.info("judgement %d: %s %s", new_id, item.kind, item.target)
        return new_id

    return Guard(api, token=token, max_body=max_body)


def _local(path: str) -> str:
    """A redirect target that stays on this site (no scheme, no host, no //)."""
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path
