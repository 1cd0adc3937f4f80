//! The OpenAPI 3.1 description of the API, written by hand from one table of operations and
//! served at `/api/openapi.json`. A test checks that every route of `router.rs` is listed here
//! with its method, and nothing else.

use axum::Json;
use serde_json::{json, Map, Value};

/// One documented operation.
struct Operation {
    method: &'static str,
    path: &'static str,
    tag: &'static str,
    summary: &'static str,
    /// 200, 201, 202 or 204: the success status.
    success: u16,
    /// False for the few routes that need no login.
    needs_login: bool,
}

const fn op(
    method: &'static str,
    path: &'static str,
    tag: &'static str,
    summary: &'static str,
    success: u16,
) -> Operation {
    Operation { method, path, tag, summary, success, needs_login: true }
}

const OPERATIONS: &[Operation] = &[
    Operation { method: "get", path: "/healthz", tag: "service", summary: "Liveness check", success: 200, needs_login: false },
    Operation { method: "get", path: "/api/openapi.json", tag: "service", summary: "This document", success: 200, needs_login: false },
    Operation { method: "post", path: "/api/login", tag: "account", summary: "Log in with e-mail and password (JSON); sets the HttpOnly session cookie and answers the CSRF token", success: 200, needs_login: false },
    op("post", "/api/logout", "account", "End the session", 204),
    op("get", "/api/me", "account", "The caller and the session's CSRF token", 200),
    op("post", "/api/me/password", "account", "Change one's password: {current_password, new_password}; ends every session and token of the account", 204),
    op("get", "/api/tokens", "account", "The caller's API tokens", 200),
    op("post", "/api/tokens", "account", "Create an API token (shown once); use it as Authorization: Bearer", 201),
    op("delete", "/api/tokens/{id}", "account", "Revoke an API token", 204),
    op("get", "/api/theses", "theses", "Theses the caller may see", 200),
    op("post", "/api/theses", "theses", "Create a draft thesis", 201),
    op("get", "/api/theses/{id}", "theses", "A thesis with versions, state and decisions", 200),
    op("post", "/api/theses/{id}/versions", "theses", "Upload a version (multipart field `file`); answers 202 with the check job id", 202),
    op("post", "/api/theses/{id}/decision", "theses", "Clear (optional justification) or return (reason) the current version", 200),
    op("post", "/api/theses/{id}/admit", "theses", "Admit a cleared thesis to defense (staff)", 200),
    op("post", "/api/theses/{id}/exclusions", "reports", "Exclude sources or passages, switch quotes/bibliography/min words; answers recomputed figures", 200),
    op("get", "/api/versions/{id}/report", "reports", "The report of a version as JSON", 200),
    op("get", "/api/versions/{id}/file", "theses", "The uploaded file of a version as it was sent (a download)", 200),
    op("get", "/api/versions/{id}/report.html", "reports", "The report rendered as a self-contained HTML page (?lang=kk|ru|en)", 200),
    op("get", "/api/admission-list", "admission", "Cleared and admitted theses", 200),
    op("get", "/api/admission-list.csv", "admission", "The admission list as CSV", 200),
    op("get", "/api/corpus", "corpus", "Corpus documents (staff)", 200),
    op("post", "/api/corpus", "corpus", "Add a document (multipart `file`, optional id, title, authors, year, kind)", 201),
    op("get", "/api/corpus/search", "corpus", "Full-text search of the corpus (?q=)", 200),
    op("delete", "/api/corpus/{id}", "corpus", "Remove a corpus document", 204),
    op("post", "/api/corpus/{id}/template", "corpus", "Mark or unmark a document as template text", 200),
    op("post", "/api/rescans", "jobs", "Start a bulk rescan: {selection: all | faculty | year | theses}", 202),
    op("get", "/api/rescans/{id}/summary.csv", "jobs", "Rescan summary: thesis, title, old, new similarity, change", 200),
    op("get", "/api/jobs", "jobs", "All jobs (staff)", 200),
    op("get", "/api/jobs/{id}", "jobs", "A job's state and progress (done/total, rate, ETA)", 200),
    op("get", "/api/users", "users", "Users the caller may see", 200),
    op("post", "/api/users", "users", "Create a user (admin)", 201),
    op("post", "/api/users/{id}/reset-link", "users", "A one-time link for the user to set a new password (admin; 72 hours)", 201),
    op("patch", "/api/users/{id}", "users", "Change a user (admin)", 200),
    op("post", "/api/users/import", "users", "Import users from CSV: name, email, role, faculty, supervisor email (multipart `file`)", 201),
    op("get", "/api/settings", "settings", "Institution settings (admin)", 200),
    op("put", "/api/settings", "settings", "Change institution settings (admin)", 200),
    op("get", "/api/audit", "settings", "The audit log (?from=&limit=)", 200),
    op("post", "/api/admin/backup", "settings", "A consistent backup into <data>/backups while running (admin)", 200),
];

/// Request bodies: a JSON example, or `MULTIPART` for a form upload with a `file` field (plus
/// `csrf_token` for cookie sessions without the header).
const MULTIPART: &str = "multipart";
const REQUEST_BODIES: &[(&str, &str, &str)] = &[
    ("post", "/api/login", r#"{"email": "student@demo.adal", "password": "student-demo"}"#),
    ("post", "/api/tokens", r#"{"label": "grading scripts", "expires_in_days": 90}"#),
    (
        "post",
        "/api/theses",
        r#"{"title": "…", "programme": "6B05201", "language": "kk", "planned_defense": {"year": 2026, "month": 6, "day": 15}, "student": 12}"#,
    ),
    ("post", "/api/theses/{id}/versions", MULTIPART),
    (
        "post",
        "/api/theses/{id}/decision",
        r#"{"decision": "clear", "justification": "…"} or {"decision": "return", "reason": "…"}"#,
    ),
    (
        "post",
        "/api/theses/{id}/exclusions",
        r#"{"exclude_sources": ["demo-kk-03"], "restore_sources": [], "exclude_passages": [2], "restore_passages": [], "quotes": true, "bibliography": true, "min_match_words": 8, "reason": "…"}"#,
    ),
    ("post", "/api/corpus", MULTIPART),
    ("post", "/api/corpus/{id}/template", r#"{"template": true}"#),
    (
        "post",
        "/api/rescans",
        r#"{"selection": "all"} | {"selection": "faculty", "faculty": "…"} | {"selection": "year", "year": 2026} | {"selection": "theses", "theses": [1, 2]}"#,
    ),
    (
        "post",
        "/api/users",
        r#"{"name": "…", "email": "…", "role": "student", "faculty": "…", "supervisor": 3, "password": "…"}"#,
    ),
    ("patch", "/api/users/{id}", r#"{"role": "staff", "active": false, "password": "…"}"#),
    ("post", "/api/users/import", MULTIPART),
    (
        "put",
        "/api/settings",
        r#"{"similarity_threshold_percent": 25.0, "students_see_reports": false, "corpus_join": "on_admission"}"#,
    ),
];

fn request_body_json(example: &str) -> Value {
    if example == MULTIPART {
        return json!({ "required": true, "content": { "multipart/form-data": { "schema": {
            "type": "object", "required": ["file"],
            "properties": { "file": { "type": "string", "format": "binary" }, "csrf_token": { "type": "string" } } } } } });
    }
    json!({ "required": true, "content": { "application/json": { "schema": { "type": "object" }, "example": example } } })
}

fn operation_json(operation: &Operation) -> Value {
    let mut responses = Map::new();
    responses.insert(operation.success.to_string(), json!({ "description": "Success" }));
    responses.insert(
        "default".to_string(),
        json!({ "description": "Error", "content": { "application/json": {
            "schema": { "$ref": "#/components/schemas/Error" } } } }),
    );
    let mut value = json!({
        "tags": [operation.tag],
        "summary": operation.summary,
        "operationId": format!("{}_{}", operation.method, operation.path.trim_start_matches('/').replace(['/', '.', '{', '}', '-'], "_")),
        "responses": responses,
    });
    if operation.path.contains("{id}") {
        value["parameters"] =
            json!([{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }]);
    }
    let body = REQUEST_BODIES
        .iter()
        .find(|(method, path, _)| *method == operation.method && *path == operation.path);
    if let Some((_, _, example)) = body {
        value["requestBody"] = request_body_json(example);
    }
    if !operation.needs_login {
        value["security"] = json!([]);
    }
    value
}

/// The OpenAPI document.
pub fn openapi_document() -> Value {
    let mut paths = Map::new();
    for operation in OPERATIONS {
        let entry = paths.entry(operation.path.to_string()).or_insert_with(|| json!({}));
        entry[operation.method] = operation_json(operation);
    }
    json!({
        "openapi": "3.1.0",
        "info": { "title": "Adal API", "version": env!("CARGO_PKG_VERSION"),
                  "description": "Thesis submission and plagiarism checks. Errors: {\"error\": {\"code\", \"message\"}} in the language of ?lang=, the lang cookie or Accept-Language (Kazakh by default). Cookie sessions send X-CSRF-Token on changes; Bearer tokens do not." },
        "paths": paths,
        "security": [{ "session": [] }, { "bearer": [] }],
        "components": {
            "securitySchemes": {
                "session": { "type": "apiKey", "in": "cookie", "name": "adal_session" },
                "bearer": { "type": "http", "scheme": "bearer" },
            },
            "schemas": { "Error": { "type": "object", "required": ["error"], "properties": { "error": {
                "type": "object", "required": ["code", "message"],
                "properties": { "code": { "type": "string" }, "message": { "type": "string" } } } } } },
        },
    })
}

/// `GET /api/openapi.json`.
pub async fn openapi_json() -> Json<Value> {
    Json(openapi_document())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `(method, path)` pairs of `router.rs`, read from its source.
    fn routes_in_router() -> Vec<(String, String)> {
        let source = include_str!("router.rs");
        let mut routes = Vec::new();
        for line in source.lines().map(str::trim).filter(|line| line.starts_with(".route(\"")) {
            let path = line.trim_start_matches(".route(\"").split('"').next().unwrap_or_default().to_string();
            let handlers = line.split_once(", ").map(|(_, rest)| rest).unwrap_or_default();
            for method in ["get", "post", "put", "patch", "delete"] {
                let first = handlers.starts_with(&format!("{method}("));
                let chained = handlers.contains(&format!(".{method}("));
                if first || chained {
                    routes.push((method.to_string(), path.clone()));
                }
            }
        }
        routes.sort();
        routes
    }

    #[test]
    fn request_bodies_belong_to_documented_operations() {
        for (method, path, _) in REQUEST_BODIES {
            let documented =
                OPERATIONS.iter().any(|operation| operation.method == *method && operation.path == *path);
            assert!(documented, "{method} {path}");
        }
    }

    #[test]
    fn every_route_is_documented_and_nothing_else() {
        let mut documented: Vec<(String, String)> = OPERATIONS
            .iter()
            .map(|operation| (operation.method.to_string(), operation.path.to_string()))
            .collect();
        documented.sort();
        let routes = routes_in_router();
        assert!(routes.len() > 30, "the router parse found only {routes:?}");
        assert_eq!(routes, documented);
    }
}
