//! The OpenAPI 3.1 description of the API, derived from the handlers' `#[utoipa::path]`
//! attributes and the request and answer types (`utoipa`), served at `/api/openapi.json`. A
//! test checks that every route of `router.rs` is documented with its method, and nothing else.

use super::handlers::{
    absences, account, admin, appeals, commissions, corpus, documents, grading, jobs, protocols, reports,
    schedules, theses,
};
use axum::Json;
use serde_json::Value;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::OpenApi;

/// The API's description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Adal API",
        description = "Thesis submission and plagiarism checks. Errors: {\"error\": {\"code\", \"message\"}} in the language of ?lang=, the lang cookie or Accept-Language (Kazakh by default). Cookie sessions send X-CSRF-Token on changes; Bearer tokens do not."
    ),
    paths(
        super::router::healthz,
        openapi_json,
        account::login,
        account::logout,
        account::me,
        account::change_password,
        account::list_tokens,
        account::create_token,
        account::revoke_token,
        account::reset_link,
        theses::list,
        theses::create,
        theses::detail,
        theses::upload_version,
        theses::decide,
        theses::admit,
        reports::exclude,
        reports::report_json,
        reports::original_file,
        reports::report_html,
        reports::admission_list,
        reports::admission_list_csv,
        corpus::list,
        corpus::upload,
        corpus::search,
        corpus::remove,
        corpus::mark_template,
        jobs::start_rescan,
        jobs::rescan_summary_csv_handler,
        jobs::list,
        jobs::job,
        admin::list_users,
        admin::create_user,
        admin::update_user,
        admin::import_users,
        admin::get_settings,
        admin::put_settings,
        admin::audit,
        admin::backup,
        documents::list,
        documents::add,
        documents::file,
        absences::request,
        absences::detail,
        absences::file,
        absences::refuse,
        commissions::list,
        commissions::create,
        commissions::detail,
        commissions::assign_seats,
        commissions::recommendations,
        schedules::build,
        schedules::detail,
        schedules::reschedule,
        schedules::publish,
        schedules::ics,
        schedules::defense,
        grading::view,
        grading::held,
        grading::mark,
        grading::vote,
        grading::confirm,
        grading::publish,
        grading::close,
        protocols::protocol,
        protocols::report,
        protocols::act,
        appeals::file,
        appeals::detail,
        appeals::meeting,
        appeals::decision,
        appeals::list,
    ),
    components(schemas(crate::app::views::AdmissionRow, crate::app::views::ExtractionView)),
    modifiers(&SecuritySchemes),
    security(("session" = []), ("bearer" = []))
)]
pub struct ApiDoc;

/// The two ways to call the API: the session cookie of a login, or an API token.
struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(crate::http::session::SESSION_COOKIE))),
        );
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI document as JSON.
pub fn openapi_document() -> Value {
    serde_json::to_value(ApiDoc::openapi()).unwrap_or(Value::Null)
}

/// This document
#[utoipa::path(get, path = "/api/openapi.json", tag = "service", security(()),
    responses((status = 200, body = serde_json::Value, description = "The OpenAPI 3.1 document")))]
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

    fn documented_operations() -> Vec<(String, String)> {
        let document = openapi_document();
        let mut documented = Vec::new();
        for (path, item) in document["paths"].as_object().expect("paths") {
            for method in item.as_object().expect("path item").keys() {
                documented.push((method.clone(), path.clone()));
            }
        }
        documented.sort();
        documented
    }

    #[test]
    fn every_route_is_documented_and_nothing_else() {
        let routes = routes_in_router();
        assert!(routes.len() > 30, "the router parse found only {routes:?}");
        assert_eq!(routes, documented_operations());
    }

    #[test]
    fn bodies_and_security_come_from_the_types() {
        let document = openapi_document();
        assert_eq!(document["openapi"], "3.1.0");
        let login = &document["paths"]["/api/login"]["post"];
        assert_eq!(login["security"], serde_json::json!([{}]), "login needs no session");
        let schema = &login["requestBody"]["content"]["application/json"]["schema"]["$ref"];
        assert_eq!(schema, "#/components/schemas/LoginRequest");
        let upload = &document["paths"]["/api/theses/{id}/versions"]["post"]["requestBody"]["content"];
        assert!(upload["multipart/form-data"].is_object(), "{upload}");
        let schemas = &document["components"]["schemas"];
        for name in
            ["UserView", "Settings", "RescanSelection", "ErrorAnswer", "ExclusionRequest", "AdmissionRow"]
        {
            assert!(schemas[name].is_object(), "schema {name} missing");
        }
        assert!(document["components"]["securitySchemes"]["session"].is_object());
        let error = &document["paths"]["/api/theses"]["get"]["responses"]["default"];
        assert!(error["content"]["application/json"].is_object(), "{error}");
    }
}
