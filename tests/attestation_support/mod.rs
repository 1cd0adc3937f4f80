//! Shared set-ups of the attestation tests (issue #18): the people of a faculty, commissions
//! created over the API, admitted theses with their defense documents, a published sitting, and
//! small readers of the answers (schedule slots, the text of a DOCX).

#![allow(dead_code)]

use super::server_support::*;
use adal::store::Role;
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

/// The people of an attestation: staff of faculty "Science", teachers who sit on commissions,
/// an administrator account and a student.
pub struct People {
    pub admin: TestUser,
    pub staff: TestUser,
    pub staff_law: TestUser,
    pub chair: TestUser,
    pub member: TestUser,
    pub secretary: TestUser,
    pub outsider: TestUser,
    pub appeal: [TestUser; 3],
    pub student: TestUser,
}

pub fn people(app: &adal::server::App) -> People {
    let teacher = |name: &str| create_user(app, name, Role::Supervisor, Some("Science"), None, None);
    let supervisor = teacher("Supervisor");
    People {
        admin: create_user(app, "Admin", Role::Admin, None, None, None),
        staff: create_user(app, "Staff", Role::Staff, Some("Science"), None, None),
        staff_law: create_user(app, "Staff Law", Role::Staff, Some("Law"), None, None),
        chair: teacher("Chair"),
        member: teacher("Member"),
        secretary: create_user(app, "Secretary", Role::Staff, Some("Science"), None, None),
        outsider: teacher("Outsider"),
        appeal: [teacher("Appeal One"), teacher("Appeal Two"), teacher("Appeal Three")],
        student: create_user(app, "Student", Role::Student, Some("Science"), Some(supervisor.user.id), None),
    }
}

pub async fn put_json(router: &axum::Router, uri: &str, auth: &Auth, body: Value) -> Answer {
    send(router, Method::PUT, uri, auth, Some("application/json"), body.to_string().into_bytes()).await
}

/// Creates a commission as `auth` and answers its id.
pub async fn create_commission(router: &axum::Router, auth: &Auth, body: Value) -> u64 {
    let answer = post_json(router, "/api/commissions", auth, body).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    answer.body["id"].as_u64().expect("commission id")
}

/// Uploads a defense document of `kind` as `auth`, with the reviewer's name when given.
pub async fn upload_document(
    router: &axum::Router,
    thesis: u64,
    kind: &str,
    auth: &Auth,
    reviewer: Option<&str>,
) -> Answer {
    let fields: Vec<(&str, &str)> = reviewer.map(|name| ("reviewer_name", name)).into_iter().collect();
    let (content_type, body) =
        multipart_body(&format!("{kind}.txt"), format!("The {kind} of the thesis.").as_bytes(), &fields);
    let uri = format!("/api/theses/{thesis}/documents/{kind}?lang=en");
    send(router, Method::POST, &uri, auth, Some(&content_type), body).await
}

/// The student uploads `text` as the thesis's version and waits for its check; the supervisor
/// clears it.
pub async fn check_and_clear(
    router: &axum::Router,
    student: &Auth,
    supervisor: &Auth,
    thesis: u64,
    text: &[u8],
) {
    let job = upload_and_wait(router, student, thesis, "thesis.txt", text).await;
    assert_eq!(job["state"], "done", "{job}");
    let clear = json!({ "decision": "clear", "justification": "Quoted standards." });
    let cleared = post_json(router, &format!("/api/theses/{thesis}/decision"), supervisor, clear).await;
    assert_eq!(cleared.status, StatusCode::OK, "{}", cleared.text);
}

/// A thesis of `programme` registered, checked, cleared and admitted with its documents;
/// answers its id.
pub async fn admitted_thesis(
    router: &axum::Router,
    student: &Auth,
    supervisor: &Auth,
    staff: &Auth,
    programme: &str,
) -> u64 {
    let body =
        json!({ "title": format!("A thesis of {programme}"), "programme": programme, "language": "en" });
    let created = post_json(router, "/api/theses", student, body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let thesis = created.body["id"].as_u64().expect("thesis id");
    let text =
        format!("Thesis {thesis}: a short study of steppe ecology and the grazing of livestock in spring.");
    check_and_clear(router, student, supervisor, thesis, text.as_bytes()).await;
    file_defense_documents(router, thesis, supervisor, staff).await;
    let admitted = post_json(router, &format!("/api/theses/{thesis}/admit"), staff, json!({})).await;
    assert_eq!(admitted.status, StatusCode::OK, "{}", admitted.text);
    thesis
}

/// The (student, date, start) of every slot of a schedule answer.
pub fn slots(answer: &Answer) -> Vec<(u64, String, String)> {
    answer.body["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .map(|slot| {
            let text = |key: &str| slot[key].as_str().unwrap_or_default().to_string();
            (slot["student"].as_u64().unwrap_or_default(), text("date"), text("start"))
        })
        .collect()
}

/// A commission (the chair and one member vote; a technical secretary) with two admitted
/// students scheduled on Friday 20 March 2026 and the schedule published.
pub struct Sitting {
    pub router: axum::Router,
    pub people: People,
    pub students: Vec<TestUser>,
    pub theses: Vec<u64>,
    pub commission: u64,
    pub _app: adal::server::App,
    pub _dir: tempfile::TempDir,
}

/// Students "Student 1", "Student 2", … of faculty "Science" with one supervisor, each with a
/// thesis of the given programme admitted with its documents; answers them and their theses.
pub async fn admitted_students(
    app: &adal::server::App,
    router: &axum::Router,
    staff: &Auth,
    programmes: &[&str],
) -> (Vec<TestUser>, Vec<u64>) {
    let supervisor = create_user(app, "Their Supervisor", Role::Supervisor, Some("Science"), None, None);
    let (mut students, mut theses) = (Vec::new(), Vec::new());
    for (index, programme) in programmes.iter().enumerate() {
        let name = format!("Student {}", index + 1);
        let student = create_user(app, &name, Role::Student, Some("Science"), Some(supervisor.user.id), None);
        let auth = (Auth::of(&student), Auth::of(&supervisor));
        theses.push(admitted_thesis(router, &auth.0, &auth.1, staff, programme).await);
        students.push(student);
    }
    (students, theses)
}

pub async fn sitting() -> Sitting {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    let router = app.router();
    let people = people(&app);
    let staff = Auth::of(&people.staff);
    let (students, theses) = admitted_students(&app, &router, &staff, &["6B01", "6B01"]).await;
    let body = json!({ "name": "GAK 6B01", "programmes": ["6B01"], "year": 2026 });
    let commission = create_commission(&router, &staff, body).await;
    let seats = json!({
        "kind": "attestation",
        "chair": people.chair.user.id,
        "members": [people.member.user.id],
        "secretary": people.secretary.user.id,
    });
    let answer = put_json(&router, &format!("/api/commissions/{commission}/seats"), &staff, seats).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let plan = json!({ "first_day": "2026-03-20", "daily_start": "09:00", "slot_minutes": 15, "sitting_minutes": 300 });
    let built = post_json(&router, &format!("/api/commissions/{commission}/schedule"), &staff, plan).await;
    assert_eq!(built.status, StatusCode::CREATED, "{}", built.text);
    let published =
        post_json(&router, &format!("/api/commissions/{commission}/schedule/publish"), &staff, json!({}))
            .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    Sitting { router, people, students, theses, commission, _app: app, _dir: dir }
}

/// The text of a DOCX's main part: paragraphs on their own lines, runs and cells joined.
pub fn docx_text(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a DOCX is a ZIP");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").expect("document.xml"), &mut xml)
        .expect("document.xml reads");
    let xml = xml.replace("</w:p></w:tc>", " | ").replace("</w:tr>", "\n").replace("</w:p>", "\n");
    let mut text = String::new();
    let mut in_tag = false;
    for character in xml.chars() {
        match character {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(character),
            _ => {}
        }
    }
    text.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// A sitting with the first defense held, marked, voted on openly and confirmed, and the
/// second moved for a technical failure.
pub async fn sitting_with_documents() -> Sitting {
    let s = sitting().await;
    let (router, p, c) = (&s.router, &s.people, s.commission);
    let secretary = Auth::of(&p.secretary);
    let t1 = s.theses[0];
    let uri = |step: &str| format!("/api/commissions/{c}/defenses/{t1}/{step}");
    post_json(router, &uri("held"), &secretary, json!({})).await;
    post_json(router, &uri("marks"), &Auth::of(&p.chair), json!({ "percent": 96 })).await;
    post_json(router, &uri("marks"), &Auth::of(&p.member), json!({ "percent": 93 })).await;
    let (chair, member) = (p.chair.user.id, p.member.user.id);
    let open = json!({ "mode": "open", "present": [chair, member], "ballots": [
        { "member": chair, "choice": "for" }, { "member": member, "choice": "for" }] });
    post_json(router, &uri("vote"), &secretary, open).await;
    let confirmed = post_json(router, &uri("confirm"), &secretary, json!({})).await;
    assert_eq!(confirmed.body["state"], "graded", "{}", confirmed.text);
    let failure = json!({ "reason": "technical_failure", "student": s.students[1].user.id, "description": "Байланыс үзілді." });
    let moved =
        post_json(router, &format!("/api/commissions/{c}/schedule/reschedule"), &secretary, failure).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    s
}

/// The body of a successful GET as bytes.
pub async fn answer_bytes(router: &axum::Router, uri: &str, auth: &Auth) -> Vec<u8> {
    let Auth::Bearer(token) = auth else { panic!("a bearer token") };
    let request = axum::http::Request::builder()
        .uri(uri)
        .header("authorization", format!("Bearer {token}"))
        .body(axum::body::Body::empty())
        .expect("request");
    let response = tower::ServiceExt::oneshot(router.clone(), request).await.expect("answer");
    assert_eq!(response.status(), StatusCode::OK, "{uri}");
    axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body").to_vec()
}

/// Posts a plain form as `auth` and answers the redirect's target.
pub async fn submit(router: &axum::Router, uri: &str, auth: &Auth, pairs: &[(&str, &str)]) -> String {
    let answer = post_form(router, uri, auth, pairs).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{uri}: {}", answer.text);
    location(&answer)
}
