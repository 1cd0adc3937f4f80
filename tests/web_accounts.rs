//! Accounts without the API (issue #16, point 5): changing one's own password with the current
//! one, the admin's one-time link to set a new password, creating a user on the users page, and
//! switching an account off and on. Old sessions and tokens end with a new password or a
//! deactivation; a reset link works once and is never a bearer token.

mod server_support;

use adal::store::Role;
use axum::http::StatusCode;
use serde_json::json;
use server_support::*;

async fn login_status(router: &axum::Router, email: &str, password: &str) -> StatusCode {
    post_json(router, "/api/login", &Auth::None, json!({ "email": email, "password": password })).await.status
}

/// The one-time link a users page shows.
fn shown_link(page: &Answer) -> String {
    let text = page.text.replace("&#x2f;", "/");
    let marker = "<code id=\"reset-link\">";
    let from = text.find(marker).expect("the page shows the link") + marker.len();
    let to = text[from..].find('<').expect("link end") + from;
    text[from..to].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_changes_their_password_with_the_current_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    let student = create_user(&app, "Dana", Role::Student, Some("Science"), None, Some("old password"));
    let router = app.router();
    let email = student.user.email.clone();
    let (auth, csrf) = api_session(&router, &email, "old password").await;
    let page = get(&router, "/account?lang=en", &auth).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("Change password") && page.text.contains(&email));
    let wrong = post_form(
        &router,
        "/account/password?lang=en",
        &auth,
        &[
            ("csrf_token", &csrf),
            ("current_password", "guess"),
            ("new_password", "new password 1"),
            ("repeat_password", "new password 1"),
        ],
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text.contains("The current password is wrong."), "{}", wrong.text);
    let short = post_form(
        &router,
        "/account/password?lang=ru",
        &auth,
        &[
            ("csrf_token", &csrf),
            ("current_password", "old password"),
            ("new_password", "short"),
            ("repeat_password", "short"),
        ],
    )
    .await;
    assert!(short.text.contains("не менее 8 символов"), "{}", short.text);
    let changed = post_form(
        &router,
        "/account/password",
        &auth,
        &[
            ("csrf_token", &csrf),
            ("current_password", "old password"),
            ("new_password", "new password 1"),
            ("repeat_password", "new password 1"),
        ],
    )
    .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.text);
    assert_eq!(location(&changed), "/login?flash=password_changed");
    assert_eq!(
        get(&router, "/api/me", &auth).await.status,
        StatusCode::UNAUTHORIZED,
        "the old session ended"
    );
    assert_eq!(
        get(&router, "/api/me", &Auth::of(&student)).await.status,
        StatusCode::UNAUTHORIZED,
        "old tokens too"
    );
    assert_eq!(login_status(&router, &email, "old password").await, StatusCode::UNAUTHORIZED);
    assert_eq!(login_status(&router, &email, "new password 1").await, StatusCode::OK);
    // The same through the API.
    let (auth, csrf) = api_session(&router, &email, "new password 1").await;
    let Auth::Session { cookie, .. } = auth else { unreachable!() };
    let api = Auth::Session { cookie, csrf: Some(csrf) };
    let answer = post_json(
        &router,
        "/api/me/password",
        &api,
        json!({ "current_password": "new password 1", "new_password": "third password" }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.text);
    assert_eq!(login_status(&router, &email, "third password").await, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_creates_users_hands_out_reset_links_and_deactivates_accounts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    let _admin = create_user(&app, "Root", Role::Admin, None, None, Some("admin password"));
    let staff = create_user(&app, "Staff Law", Role::Staff, Some("Law"), None, Some("staff password"));
    let router = app.router();
    let (admin, csrf) = api_session(&router, "root@test.adal", "admin password").await;
    // Create a user: the page shows a one-time link for them to set their password.
    let created = post_form(
        &router,
        "/staff/users/create?lang=en",
        &admin,
        &[
            ("csrf_token", &csrf),
            ("name", "Aigerim Seitkali"),
            ("email", "aigerim@x.kz"),
            ("role", "supervisor"),
            ("faculty", "Law"),
        ],
    )
    .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text);
    let link = shown_link(&created);
    let path = link.split_once("/reset/").map(|(_, token)| format!("/reset/{token}")).expect("a reset path");
    let user = app.state.store.user_by_email("aigerim@x.kz").expect("store").expect("created");
    assert_eq!((user.role, user.faculty.as_deref()), (Role::Supervisor, Some("Law")));
    // The link is never a bearer token.
    let token = path.trim_start_matches("/reset/").to_string();
    assert_eq!(get(&router, "/api/me", &Auth::Bearer(token.clone())).await.status, StatusCode::UNAUTHORIZED);
    let form = get(&router, &format!("{path}?lang=en"), &Auth::None).await;
    assert!(
        form.text.contains("Aigerim Seitkali") && form.text.contains("Set a new password"),
        "{}",
        form.text
    );
    let differ = post_form(
        &router,
        &format!("{path}?lang=en"),
        &Auth::None,
        &[("new_password", "her password"), ("repeat_password", "her passwort")],
    )
    .await;
    assert_eq!(differ.status, StatusCode::UNPROCESSABLE_ENTITY);
    let set = post_form(
        &router,
        &path,
        &Auth::None,
        &[("new_password", "her password"), ("repeat_password", "her password")],
    )
    .await;
    assert_eq!(location(&set), "/login?flash=password_set", "{}", set.text);
    assert_eq!(login_status(&router, "aigerim@x.kz", "her password").await, StatusCode::OK);
    let again = post_form(
        &router,
        &format!("{path}?lang=en"),
        &Auth::None,
        &[("new_password", "evil password"), ("repeat_password", "evil password")],
    )
    .await;
    assert!(again.text.contains("not valid or has expired"), "a link works once: {}", again.text);
    assert_eq!(login_status(&router, "aigerim@x.kz", "evil password").await, StatusCode::UNAUTHORIZED);
    // A reset link for an existing user ends nothing until it is used; using it ends the old sessions.
    let (_, _) = api_session(&router, "staff.law@test.adal", "staff password").await;
    let answer = post_form(
        &router,
        &format!("/staff/users/{}/reset?lang=en", staff.user.id),
        &admin,
        &[("csrf_token", &csrf)],
    )
    .await;
    let staff_link = shown_link(&answer);
    assert!(staff_link.contains("/reset/"), "{staff_link}");
    // Deactivate: the staff member's token stops working; activate: a new login works again.
    let off = post_form(
        &router,
        &format!("/staff/users/{}/active", staff.user.id),
        &admin,
        &[("csrf_token", &csrf), ("active", "false")],
    )
    .await;
    assert_eq!(location(&off), "/staff/users?flash=user_deactivated");
    assert_eq!(get(&router, "/api/me", &Auth::of(&staff)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        login_status(&router, "staff.law@test.adal", "staff password").await,
        StatusCode::UNAUTHORIZED
    );
    let on = post_form(
        &router,
        &format!("/staff/users/{}/active", staff.user.id),
        &admin,
        &[("csrf_token", &csrf), ("active", "true")],
    )
    .await;
    assert_eq!(location(&on), "/staff/users?flash=user_activated");
    assert_eq!(login_status(&router, "staff.law@test.adal", "staff password").await, StatusCode::OK);
    // Only an admin manages users.
    let (staff_session, staff_csrf) = api_session(&router, "staff.law@test.adal", "staff password").await;
    let refused = post_form(
        &router,
        "/staff/users/create?lang=en",
        &staff_session,
        &[
            ("csrf_token", &staff_csrf),
            ("name", "X"),
            ("email", "x@x.kz"),
            ("role", "admin"),
            ("faculty", "Law"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    let Auth::Session { cookie, .. } = staff_session else { unreachable!() };
    let staff_api = Auth::Session { cookie, csrf: Some(staff_csrf) };
    let api = post_json(&router, &format!("/api/users/{}/reset-link", user.id), &staff_api, json!({})).await;
    assert_eq!(api.status, StatusCode::FORBIDDEN);
}
