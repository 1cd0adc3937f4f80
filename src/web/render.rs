//! The template environment (templates embedded in the binary), the context every page shares
//! (language, messages, visitor, navigation) and the localized error page.

use super::i18n::{msg, table};
use super::{assets, Page};
use crate::http::error::ApiError;
use crate::http::state::AppState;
use crate::model::UiLang;
use crate::store::Role;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use minijinja::{Environment, UndefinedBehavior};
use serde_json::{json, Value};
use std::sync::OnceLock;

/// The Content-Security-Policy of every page: scripts and styles only from `/static`.
pub const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Every template, by name. The report body's template comes from the core, which renders it
/// for the downloadable report too (`report.html` imports its macros).
pub const TEMPLATES: &[(&str, &str)] = &[
    crate::report::BODY_TEMPLATE,
    ("base.html", include_str!("templates/base.html")),
    ("login.html", include_str!("templates/login.html")),
    ("error.html", include_str!("templates/error.html")),
    ("notifications.html", include_str!("templates/notifications.html")),
    ("theses.html", include_str!("templates/theses.html")),
    ("thesis.html", include_str!("templates/thesis.html")),
    ("decision_form.html", include_str!("templates/decision_form.html")),
    ("review.html", include_str!("templates/review.html")),
    ("report.html", include_str!("templates/report.html")),
    ("dashboard.html", include_str!("templates/dashboard.html")),
    ("admission.html", include_str!("templates/admission.html")),
    ("corpus.html", include_str!("templates/corpus.html")),
    ("users.html", include_str!("templates/users.html")),
    ("settings.html", include_str!("templates/settings.html")),
    ("account.html", include_str!("templates/account.html")),
    ("history.html", include_str!("templates/history.html")),
    ("reset.html", include_str!("templates/reset.html")),
    ("list_filters.html", include_str!("templates/list_filters.html")),
    ("list_paging.html", include_str!("templates/list_paging.html")),
    ("attestation.html", include_str!("templates/attestation.html")),
    ("sitting.html", include_str!("templates/sitting.html")),
    ("commission.html", include_str!("templates/commission.html")),
    ("grading.html", include_str!("templates/grading.html")),
    ("protocols.html", include_str!("templates/protocols.html")),
    ("defense.html", include_str!("templates/defense.html")),
    ("appeals.html", include_str!("templates/appeals.html")),
];

fn environment() -> &'static Environment<'static> {
    static ENVIRONMENT: OnceLock<Environment<'static>> = OnceLock::new();
    ENVIRONMENT.get_or_init(|| {
        let mut environment = Environment::new();
        // Printing a missing value is an error, so a missing message key cannot go unnoticed.
        environment.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        for (name, source) in TEMPLATES {
            environment.add_template(name, source).expect("the embedded templates parse");
        }
        environment
    })
}

/// Renders a template with a JSON context.
pub fn render_template(name: &str, context: &Value) -> Result<String, minijinja::Error> {
    let template = environment().get_template(name)?;
    template.render(minijinja::Value::from(minijinja::value::Serde(context)))
}

/// The label of a role.
pub fn role_label(lang: UiLang, role: Role) -> &'static str {
    let key = match role {
        Role::Student => "role_student",
        Role::Supervisor => "role_supervisor",
        Role::Staff => "role_staff",
        Role::Admin => "role_admin",
    };
    msg(lang, key)
}

/// The navigation of a role: (href, message key).
fn navigation(role: Role) -> &'static [(&'static str, &'static str)] {
    match role {
        Role::Student => &[("/theses", "nav_my_theses")],
        Role::Supervisor => {
            &[("/review", "nav_review"), ("/theses", "nav_theses"), ("/attestation", "nav_attestation")]
        }
        Role::Staff => &[
            ("/staff", "nav_dashboard"),
            ("/theses", "nav_theses"),
            ("/staff/admission", "nav_admission"),
            ("/attestation", "nav_attestation"),
            ("/staff/corpus", "nav_corpus"),
            ("/staff/users", "nav_users"),
        ],
        Role::Admin => &[
            ("/staff", "nav_dashboard"),
            ("/theses", "nav_theses"),
            ("/staff/admission", "nav_admission"),
            ("/staff/corpus", "nav_corpus"),
            ("/staff/users", "nav_users"),
            ("/staff/settings", "nav_settings"),
        ],
    }
}

/// The context every page shares.
fn base_context(page: &Page, state: Option<&AppState>) -> Value {
    let lang = page.lang;
    let current = page.user().ok();
    let csrf = match (current, state) {
        (Some(current), Some(state)) => current.csrf_token(state).unwrap_or_default(),
        _ => String::new(),
    };
    // The unread count of the top bar; the language the person reads in is remembered for
    // their e-mail (written only when it changes).
    let unread = match (current, state) {
        (Some(current), Some(state)) => {
            if let Err(error) = state.store.set_user_lang(current.user.id, lang) {
                tracing::warn!(%error, "the user's language was not remembered");
            }
            state.store.unread_notifications(current.user.id).unwrap_or(0)
        }
        _ => 0,
    };
    let user = current.map(|current| {
        json!({ "name": current.user.name, "role_label": role_label(lang, current.user.role), "unread": unread })
    });
    let nav: Vec<Value> = current
        .map(|current| navigation(current.user.role))
        .unwrap_or_default()
        .iter()
        .map(|(href, key)| {
            let is_current =
                page.path == *href || (*href != "/staff" && page.path.starts_with(&format!("{href}/")));
            json!({ "href": href, "label": msg(lang, key), "current": is_current })
        })
        .collect();
    let langs: Vec<Value> = UiLang::ALL
        .iter()
        .map(|option| {
            // The bar shows a short name (one row at 1366 px); the full one is read out.
            let short = match option {
                UiLang::Kk => "Қаз",
                UiLang::Ru => "Рус",
                UiLang::En => "Eng",
            };
            json!({ "code": option.code(), "name": msg(*option, &format!("lang_{}", option.code())),
                    "short": short, "current": *option == lang })
        })
        .collect();
    let flash = page.flash.as_deref().and_then(|code| {
        let key = format!("flash_{code}");
        super::i18n::MESSAGES
            .iter()
            .any(|message| message.0 == key)
            .then(|| json!({ "kind": "ok", "text": msg(lang, &key) }))
    });
    json!({
        "lang": lang.code(), "t": table(lang), "css_url": assets::css_url(), "js_url": assets::js_url(),
        "csrf": csrf, "user": user, "nav": nav, "langs": langs, "flash": flash,
    })
}

/// Merges the page's own context over the shared one.
fn merged(mut base: Value, own: Value) -> Value {
    if let (Some(base), Value::Object(own)) = (base.as_object_mut(), own) {
        base.extend(own);
    }
    base
}

/// An HTML response with the page CSP.
fn html_response(status: StatusCode, html: String) -> Response {
    (status, [(header::CONTENT_SECURITY_POLICY, PAGE_CSP)], Html(html)).into_response()
}

impl Page {
    /// Renders a page template with the shared context and the page's own.
    pub fn render(&self, state: &AppState, name: &str, own: Value) -> Result<Response, ApiError> {
        self.render_with_status(state, StatusCode::OK, name, own)
    }

    pub fn render_with_status(
        &self,
        state: &AppState,
        status: StatusCode,
        name: &str,
        own: Value,
    ) -> Result<Response, ApiError> {
        let context = merged(base_context(self, Some(state)), own);
        let html =
            render_template(name, &context).map_err(|error| ApiError::Internal(format!("{error:#}")))?;
        Ok(html_response(status, html))
    }
}

/// Where "go back" leads from a failed page: the page a form was posted from.
pub(super) fn back_path(path: &str) -> String {
    const ACTIONS: [&str; 15] = [
        "versions",
        "decision",
        "admit",
        "exclusions",
        "rescans",
        "remove",
        "template",
        "import",
        "logout",
        "commissions",
        "seats",
        "appeal-commission",
        "schedule",
        "publish",
        "absence",
    ];
    match path.rsplit_once('/') {
        Some((parent, last)) if ACTIONS.contains(&last) => {
            if parent.is_empty() {
                "/".to_string()
            } else {
                parent.to_string()
            }
        }
        _ => path.to_string(),
    }
}

/// The localized error page of an error (its status and message come from `http::error`).
pub fn error_page(page: &Page, error: &ApiError) -> Response {
    // Log internal failures the way the API does; the visitor sees the generic message.
    if let ApiError::Internal(detail) = error {
        tracing::error!("web page: internal error: {detail}");
    }
    let status = error.status();
    let own = json!({
        "message": error.message(page.lang), "code": error.code(), "status": status.as_u16(),
        "back": back_path(&page.path),
    });
    // The error page shows no navigation: the visitor may not be logged in.
    let without_visitor =
        Page { lang: page.lang, visitor: None, path: page.path.clone(), flash: None, next: None };
    let context = merged(base_context(&without_visitor, None), own);
    match render_template("error.html", &context) {
        Ok(html) => html_response(status, html),
        Err(_) => (status, error.message(page.lang)).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::MESSAGES;

    const SAMPLE_SOURCE: &str = "Академиялық адалдық қағидаттары жоғары оқу орындарының сапасын айқындайтын \
        негізгі көрсеткіштердің бірі болып табылады және студенттердің өз бетінше жұмыс істеу дағдысын қалыптастырады.";

    /// The one source of the sample report, aligned with the submission `text`.
    fn sample_source(text: &str, analyzed: &crate::text::AnalyzedText) -> crate::report::SourceInfo {
        let source_analyzed = crate::text::analyze(SAMPLE_SOURCE);
        let config = &crate::compare::AlignmentConfig::DEFAULT;
        crate::report::SourceInfo {
            document_id: "d1".into(),
            title: "Дереккөз".into(),
            authors: "А".into(),
            year: Some(2020),
            kind: crate::report::SourceKind::Article,
            external_ref: String::new(),
            same_author: false,
            shared_fingerprints: 10,
            text: SAMPLE_SOURCE.into(),
            detections: crate::compare::detect(text, analyzed, SAMPLE_SOURCE, &source_analyzed, config),
        }
    }

    /// The body of a real report: a passage borrowed from one source, and a look-alike letter.
    fn sample_body(lang: UiLang) -> Value {
        use crate::report::{build_report, Exclusions, Provenance, ReportInput, Timings};
        let text = format!("Кіріспe бөлімі.\n\n{SAMPLE_SOURCE}");
        let document =
            crate::model::ExtractedDocument::plain(crate::model::DocumentFormat::Txt, text.clone());
        let analyzed = crate::text::analyze(&text);
        let provenance = Provenance {
            adal_version: "test".into(),
            corpus_documents: 1,
            corpus_version: 1,
            fingerprint_scheme: 1,
            candidates_considered: 1,
            parameters: String::new(),
            timings: Timings::default(),
        };
        let sources = vec![sample_source(&text, &analyzed)];
        let input = ReportInput {
            title: "Су".into(),
            document: &document,
            analyzed: &analyzed,
            sources,
            exclusions: Exclusions::default(),
            provenance,
        };
        let report = build_report(input);
        assert!(!report.passages.is_empty() && !report.alerts.is_empty(), "{report:?}");
        json!(crate::report::ReportBody::new(&report, lang))
    }

    /// One context with every field any page template reads, filled with sample values.
    fn sample_context(lang: UiLang) -> Value {
        let thesis = json!({ "id": 7, "title": "Су ресурстары", "programme": "6B05201", "student_name": "Айгерім",
            "supervisor_name": "Ерлан", "planned_defense": "15 маусым 2026", "state": "checked",
            "state_label": "Тексерілді", "similarity": "12,5 %", "updated": "26 қараша 2026, 14:05" });
        let step = json!({ "label": "Жіберілді", "status": "done", "status_label": "орындалды",
            "when": "26 қараша 2026, 14:05", "note": "себебі" });
        let row = json!({ "id": 7, "title": "Су", "student_name": "Айгерім", "state": "cleared",
            "state_label": "Мақұлданды", "similarity": "12,5 %", "planned_defense": "15 маусым 2026",
            "updated": "—", "above": true, "report_href": "/versions/1/report", "faculty": "Ф", "programme": "6B",
            "can_admit": true });
        let own = json!({
            "error": "Қате", "email": "a@b.kz", "next": "/", "login_token": "token", "message": "Қате", "code": "not_found", "status": 404,
            "back": "/", "heading": "Жұмыстар", "theses": [row.clone()], "show_student": true, "can_create": true,
            "thesis": thesis, "timeline": [step], "versions": [{ "number": 1, "file_name": "a.pdf", "file_href": "/api/versions/1/file", "size": "1 КБ",
                "uploaded": "—", "outcome": "Мәтін алынды", "failed": true, "similarity": "1 %",
                "report_href": "/versions/1/report" }],
            "decisions": [{ "label": "Мақұлданды", "by": "Ерлан", "when": "—", "text": "негіздеме" }],
            "report_href": "/versions/1/report", "report_note": "ескерту", "can_upload": true, "upload_help": "PDF",
            "can_decide": true, "threshold_note": "25 %", "can_admit": true, "back_href": "/theses",
            "back_label": "Артқа", "show_figures": true, "queue": [row.clone()], "others": [row.clone()],
            "defense_documents": [{ "kind": "review", "label": "Рецензия", "can_upload": true, "href": "/api/theses/1/documents/review",
                "file_name": "r.pdf", "author": "А", "uploaded_by": "Ерлан", "uploaded": "—" }],
        });
        let report = json!({
            "version": { "id": 1, "number": 1, "file_name": "a.pdf" }, "checked_at": "—",
            "above": [row.clone()], "body": sample_body(lang),
            "exclusions": { "quotes": true, "bibliography": true, "min_match_words": 8, "small": true },
            "can_exclude": true,
        });
        let staff = json!({
            "counts": [{ "state": "draft", "label": "Жоба", "count": 1 }], "threshold": "25 %", "can_rescan": true,
            "jobs": [{ "id": 1, "number": 1, "created": "—", "state": "running", "done": 1, "total": 3, "status": "1 / 3" }],
            "documents": [{ "id": "d1", "title": "Д", "authors": "А", "year": 2020, "kind": "мақала",
                            "template": false, "words": "100" }],
            "hits": [{ "id": "d1", "title": "Д", "snippet": "мәтін" }], "query": "су",
            "kinds": [{ "code": "article", "label": "мақала" }],
            "users": [{ "name": "А", "email": "a@b.kz", "role": "студент", "faculty": "Ф", "active": "иә", "id": 1, "is_active": true, "is_self": false }],
            "settings": { "threshold": 25.0, "students_see_reports": true, "corpus_join": "on_admission",
                          "appeal_window": 2, "max_appeal_window": 10 },
            "can_import": true, "created": [{ "name": "А", "email": "a@b.kz", "role": "студент", "password": "x" }],
        });
        let page = Page {
            lang,
            visitor: None,
            path: "/theses".to_string(),
            flash: Some("cleared".to_string()),
            next: None,
        };
        let mut context = merged(merged(merged(base_context(&page, None), own), report), staff);
        context["user"] = json!({ "name": "Айгерім", "role_label": "студент" });
        context["nav"] = json!([{ "href": "/theses", "label": "Жұмыстар", "current": true }]);
        context["csrf"] = json!("token");
        context["account"] =
            json!({ "name": "Айгерім", "email": "a@b.kz", "role": "студент", "faculty": "—" });
        context["valid"] = json!(true);
        context["token"] = json!("token");
        context["name"] = json!("Айгерім");
        context["reset"] = json!({ "name": "Айгерім", "link": "http://x/reset/t" });
        context["can_manage"] = json!(true);
        context["paging"] =
            json!({ "page": 1, "pages": 2, "total": "60", "previous": null, "next": "/staff/corpus?page=2" });
        context["list"] = json!({ "kind": "", "sort": "", "filter": "" });
        context["filters"] = json!({
            "action": "/theses", "show_state": true, "states": [{ "code": "draft", "label": "Жоба" }],
            "faculties": ["IT", "Физика"], "years": [2026], "sorts": [{ "code": "updated", "label": "Соңғы өзгеріс" }],
            "q": "су", "state": "draft", "faculty": "IT", "year": "2026", "above": true, "sort": "", "active": true,
        });
        context["faculties"] = json!(["IT"]);
        context["csv_href"] = json!("/api/admission-list.csv?page=1");
        context["others_more"] = json!(true);
        context["entries"] =
            json!([{ "when": "1 желтоқсан", "who": "Adal", "what": "Тексерілді", "detail": "12,5 %" }]);
        context["decision"] = json!({ "choice": "clear", "text": "", "error": null, "above": false });
        context["roles"] = json!([{ "code": "student", "label": "студент" }]);
        context["comments"] =
            json!([{ "by": "Жетекші", "when": "1 желтоқсан", "text": "Түзетіңіз", "version": "нұсқа 1" }]);
        context["can_comment"] = json!(true);
        context["notifications"] = json!([{ "id": 1, "read": false, "when": "1 желтоқсан", "subject": "Есеп дайын",
                                             "body": "Есеп дайын.", "link": "/theses/1" }]);
        // The attestation's pages.
        context["commission"] = json!({ "id": 1, "name": "ГАК 6B01", "faculty": "IT", "programmes": ["6B01", "6B02"], "year": 2026 });
        context["is_appeal"] = json!(false);
        context["seats"] = json!([{ "name": "Бақыт", "seat": "Төраға" }]);
        context["candidates"] = json!([{ "id": 2, "name": "Бақыт", "role": "жетекші", "faculty": "IT",
                                         "seat": "chair", "administrator": false }]);
        context["appeal_commissions"] = json!([{ "id": 3, "name": "Апелляция" }]);
        context["faculty"] = json!("IT");
        context["year"] = json!(2026);
        context["commissions"] = json!([{ "id": 1, "name": "ГАК 6B01", "faculty": "IT", "programmes": "6B01",
                                          "year": 2026, "appeal": false, "seat": "Төраға" }]);
        let slot = json!({ "student": 5, "student_name": "Айгерім", "thesis": 1, "title": "Су", "date": "2026-03-20",
                           "start": "09:00", "end": "09:15", "minutes": 15, "state": "defended" });
        let grading = json!({ "thesis": 1, "student": 5, "student_name": "Айгерім", "title": "Су", "state": "defended",
                              "marks": [{ "member": 2, "name": "Бақыт", "percent": 90, "letter": "A-" }], "missing": [3],
                              "your_mark": null, "vote_mode": null, "votes_for": null, "votes_against": null,
                              "not_voting": null, "degree_awarded": null, "decided_by_chair": null,
                              "final_percent": null, "final_letter": null, "confirmed": false });
        let absence = json!({ "thesis": 1, "reason": "Ауырдым", "file_name": "a.pdf", "file_url": "/api/theses/1/absence/file",
                              "state": "waiting" });
        context["schedule"] = json!({ "published_at": null, "acts": [{ "number": 1, "date": "2026-03-20", "description": "Байланыс" }],
                                      "built": true, "waiting": 3, "can_build": true, "can_publish": true,
                                      "view": { "published_at": null, "holidays_known": false },
                                      "slots": [{ "slot": slot.clone(), "state_label": "Қорғалды", "absence": absence.clone(), "can_move": true }] });
        context["absence"] = absence;
        context["may_request_absence"] = json!(true);
        context["rules"] = json!("Ережелер");
        context["writes_report"] = json!(true);
        context["recommendations"] = json!("Ұсыныстар");
        context["scale"] =
            json!([{ "letter": "A-", "percent": "90–94", "points": "3.67", "traditional": "Өте жақсы" }]);
        context["defenses"] = json!([{ "slot": slot, "state_label": "Қорғалды", "start_ms": 1, "end_ms": 2, "grading": grading }]);
        context["grading"] = grading;
        context["is_secretary"] = json!(true);
        context["can_manage"] = json!(true);
        context["grades"] = json!(true);
        context["members"] = json!([{ "id": 2, "name": "Бақыт" }]);
        context["seat"] = json!("Хатшы");
        context["state_label"] = json!("Қорғалды");
        context["defense"] = json!({ "commission_name": "ГАК", "date": "2026-03-20", "start": "09:00", "end": "09:15",
                                     "state": "published", "grade_percent": 90, "grade_letter": "A-",
                                     "degree_awarded": true, "appeal_deadline": "2026-03-25" });
        let appeal = json!({ "thesis": 1, "student_name": "Айгерім", "title": "Су", "reason": "Негіз", "filed_on": "2026-03-23",
                             "meeting_deadline": "2026-03-25", "met_on": null, "delivery_deadline": null,
                             "decided_on": null, "changed_percent": null, "changed_letter": null, "overdue": "meeting" });
        context["appeal"] = appeal.clone();
        context["may_appeal"] = json!(true);
        context["appeals"] = json!([{ "appeal": appeal, "hears": true }]);
        context["overdue_appeals"] =
            json!([{ "thesis": 1, "student_name": "Айгерім", "step": "кешікті", "deadline": "2026-03-25" }]);
        context
    }

    #[test]
    fn every_template_renders_in_every_language() {
        for lang in UiLang::ALL {
            let context = sample_context(lang);
            for (name, _) in TEMPLATES {
                let html = render_template(name, &context)
                    .unwrap_or_else(|error| panic!("{name} {lang:?}: {error:#}"));
                assert!(
                    html.contains(&format!("lang=\"{}\"", lang.code()))
                        || *name == "decision_form.html"
                        || *name == "report_body.html"
                        || name.starts_with("list_"),
                    "{name}"
                );
                assert!(!html.contains("style=\""), "{name}: an inline style breaks the page CSP");
                assert!(!html.contains("<script>"), "{name}: an inline script breaks the page CSP");
                assert!(!html.contains(" onclick="), "{name}: inline handlers break the page CSP");
            }
        }
    }

    #[test]
    fn every_message_key_a_template_uses_exists() {
        for (name, source) in TEMPLATES {
            for (position, _) in source.match_indices("t.") {
                let before = source[..position].chars().last().unwrap_or(' ');
                if before.is_alphanumeric() || before == '_' || before == '.' {
                    continue;
                }
                let key: String = source[position + 2..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                assert!(
                    MESSAGES.iter().any(|message| message.0 == key),
                    "{name} uses a missing message t.{key}"
                );
            }
        }
    }

    #[test]
    fn a_missing_message_fails_the_render() {
        let mut context = sample_context(UiLang::Kk);
        context["t"].as_object_mut().expect("messages").remove("login_title");
        assert!(render_template("login.html", &context).is_err());
    }
}
