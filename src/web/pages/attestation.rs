//! The attestation's pages for the commission (issue #18): the list of the commissions one sees
//! (`/attestation`), the technical secretary's sitting view with a running clock per defense
//! (`/commissions/{id}/sitting`: held, the vote, the confirmation, a technical failure), a
//! member's grading form for one student (`/commissions/{id}/defenses/{thesis}`), and the chair's
//! protocol page (`/commissions/{id}/protocols`: the DOCX protocols and report); the commission's
//! own page and the staff's forms are in `commission.rs`. Plain forms post
//! with the CSRF token and redirect; every change is the same `app` function as the JSON API's.

use crate::app;
use crate::app::commissions::visible_commission;
use crate::app::schedules::ScheduleView;
use crate::attestation::vote::{DegreeVote, VoteChoice};
use crate::auth::{authorize, AccessTarget, Action, CommissionRef};
use crate::http::error::ApiError;
use crate::http::state::AppState;
use crate::store::{Commission, Composition, Seat};
use crate::web::Page;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use serde_json::{json, Value};

/// The UTC instant, in milliseconds, of a slot's local date and time (Kazakhstan, UTC+5).
fn slot_instant_ms(date: &str, time: &str) -> Option<i64> {
    let date = crate::attestation::date::Date::parse(date)?;
    let (hour, minute) = time.split_once(':')?;
    let minutes = hour.parse::<i64>().ok()? * 60 + minute.parse::<i64>().ok()?;
    let local_ms = (date.days_since_epoch() * 1440 + minutes) * 60_000;
    Some(local_ms - app::ics::KAZAKHSTAN_UTC_OFFSET_MINUTES * 60_000)
}

/// A defense state's label for people, from its machine name.
pub fn state_label(lang: crate::model::UiLang, name: &str) -> &'static str {
    use crate::messages::text;
    let label = match name {
        "scheduled" => const { text("defense_state_scheduled") },
        "defended" => const { text("defense_state_defended") },
        "graded" => const { text("defense_state_graded") },
        "published" => const { text("defense_state_published") },
        "appealed" => const { text("defense_state_appealed") },
        "closed" => const { text("defense_state_closed") },
        _ => const { text("step_admitted") },
    };
    label.get(lang)
}

/// A seat's name in `lang`.
pub(super) fn seat_name(lang: crate::model::UiLang, seat: Seat) -> &'static str {
    let key = match seat {
        Seat::Chair => const { crate::messages::text("seat_chair") },
        Seat::Member => const { crate::messages::text("seat_member") },
        Seat::Secretary => const { crate::messages::text("seat_secretary") },
        Seat::AppealMember => const { crate::messages::text("seat_appeal_member") },
    };
    key.get(lang)
}

/// The caller's seat on a commission, as a label.
pub(super) fn seat_label(page: &Page, commission: &Commission, user: u64) -> Option<&'static str> {
    Some(seat_name(page.lang, commission.seat_of(user)?))
}

/// `GET /attestation`: the commissions the caller sees, with their seat on each.
pub async fn list(State(state): State<AppState>, page: Page) -> Response {
    let result = (|| {
        let current = page.user()?;
        let commissions = app::commissions::commissions_for(&state, &current.user)?;
        let rows: Vec<Value> = commissions
            .iter()
            .map(|commission| {
                json!({
                    "id": commission.id, "name": commission.name, "faculty": commission.faculty,
                    "programmes": commission.programmes.join(", "), "year": commission.year,
                    "appeal": matches!(commission.composition, Some(Composition::Appeal { .. })),
                    "seat": seat_label(&page, commission, current.user.id),
                })
            })
            .collect();
        let own_faculty = AccessTarget::Faculty(current.user.faculty.clone().unwrap_or_default());
        let can_create = authorize(&current.user, Action::ManageCommissions, &own_faculty).is_ok();
        let context = json!({ "commissions": rows, "can_create": can_create,
                              "faculty": current.user.faculty, "year": app::grading::local_date(state.now()).year() });
        page.render(&state, "attestation.html", context)
    })();
    page.finish(result)
}

/// The schedule's defenses with their grading, for the sitting view and the protocol page.
fn defenses(
    state: &AppState,
    page: &Page,
    id: u64,
) -> Result<(Commission, Option<ScheduleView>, Vec<Value>), ApiError> {
    let current = page.user()?;
    let commission = visible_commission(state, &current.user, id)?;
    let Some(stored) = state.store.schedule_of(id)? else { return Ok((commission, None, Vec::new())) };
    let view = ScheduleView::of(state, &stored);
    let rows = view
        .slots
        .iter()
        .map(|slot| {
            let grading = app::grading::grading_view(state, &current.user, id, slot.thesis).ok();
            json!({
                "slot": slot,
                "state_label": state_label(page.lang, slot.state),
                "start_ms": slot_instant_ms(&slot.date, &slot.start),
                "end_ms": slot_instant_ms(&slot.date, &slot.end),
                "grading": grading,
            })
        })
        .collect();
    Ok((commission, Some(view), rows))
}

/// The voting members with their names, for the vote form.
fn voting_members(state: &AppState, commission: &Commission) -> Vec<Value> {
    let members = commission.composition.as_ref().map(Composition::voting_members).unwrap_or_default();
    members
        .iter()
        .map(|&member| json!({ "id": member, "name": state.store.user(member).map(|user| user.name).unwrap_or_default() }))
        .collect()
}

/// `GET /commissions/{id}/sitting`: the schedule with a clock per defense and the secretary's
/// forms.
pub async fn sitting(State(state): State<AppState>, page: Page, Path(id): Path<u64>) -> Response {
    let result = (|| {
        let current = page.user()?;
        let (commission, schedule, rows) = defenses(&state, &page, id)?;
        let is_secretary = commission.seat_of(current.user.id) == Some(Seat::Secretary);
        let target = AccessTarget::Commission(CommissionRef::from(&commission));
        let can_manage = authorize(&current.user, Action::ManageCommissions, &target).is_ok();
        let context = json!({
            "commission": { "id": commission.id, "name": commission.name },
            "schedule": schedule, "defenses": rows, "is_secretary": is_secretary, "can_manage": can_manage,
            "members": voting_members(&state, &commission),
            "seat": seat_label(&page, &commission, current.user.id),
        });
        page.render(&state, "sitting.html", context)
    })();
    page.finish(result)
}

/// `GET /commissions/{id}/protocols`: the confirmed defenses' protocols and the chair's report.
pub async fn protocols(State(state): State<AppState>, page: Page, Path(id): Path<u64>) -> Response {
    let result = (|| {
        let (commission, _, rows) = defenses(&state, &page, id)?;
        let confirmed: Vec<&Value> = rows.iter().filter(|row| row["grading"]["confirmed"] == true).collect();
        let target = AccessTarget::Commission(CommissionRef::from(&commission));
        let writes_report = page
            .user()
            .is_ok_and(|current| authorize(&current.user, Action::WriteChairReport, &target).is_ok());
        let recommendations = commission.recommendations.as_ref().map(|written| written.text.clone());
        let context = json!({
            "commission": { "id": commission.id, "name": commission.name }, "defenses": confirmed,
            "writes_report": writes_report, "recommendations": recommendations,
        });
        page.render(&state, "protocols.html", context)
    })();
    page.finish(result)
}

/// `GET /commissions/{id}/defenses/{thesis}`: a member's grading form for one student.
pub async fn grading_form(
    State(state): State<AppState>,
    page: Page,
    Path((id, thesis)): Path<(u64, u64)>,
) -> Response {
    let result = (|| {
        let current = page.user()?;
        let view = app::grading::grading_view(&state, &current.user, id, thesis)?;
        let commission = visible_commission(&state, &current.user, id)?;
        let grades =
            commission.composition.as_ref().is_some_and(|c| c.voting_members().contains(&current.user.id));
        let context = json!({
            "commission": { "id": commission.id, "name": commission.name },
            "state_label": state_label(page.lang, view.state), "grading": view, "grades": grades,
            "scale": letter_scale(page.lang),
        });
        page.render(&state, "grading.html", context)
    })();
    page.finish(result)
}

/// Kazakhstan's letter scale for the grading form: letter, percentages, grade points and the
/// traditional mark, best first.
fn letter_scale(lang: crate::model::UiLang) -> Vec<Value> {
    use crate::attestation::grading::LetterGrade;
    (LetterGrade::ALL.iter())
        .map(|letter| {
            let range = letter.percent_range();
            json!({ "letter": letter.symbol(), "percent": format!("{}–{}", range.start(), range.end()),
                    "points": format!("{:.2}", letter.points()), "traditional": letter.traditional().get(lang) })
        })
        .collect()
}

/// A form with only the CSRF token.
#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    pub csrf_token: String,
}

/// `POST /commissions/{id}/defenses/{thesis}/held`.
pub async fn held(
    state: State<AppState>,
    page: Page,
    path: Path<(u64, u64)>,
    form: Form<TokenForm>,
) -> Response {
    secretary_step(state, page, path, form, app::grading::mark_defended).await
}

/// `POST /commissions/{id}/defenses/{thesis}/confirm`.
pub async fn confirm(
    state: State<AppState>,
    page: Page,
    path: Path<(u64, u64)>,
    form: Form<TokenForm>,
) -> Response {
    secretary_step(state, page, path, form, app::grading::confirm).await
}

/// One of the secretary's steps on a defense (`step(services, caller, commission, thesis)`),
/// then back to the sitting at that defense.
async fn secretary_step(
    State(state): State<AppState>,
    page: Page,
    Path((id, thesis)): Path<(u64, u64)>,
    Form(form): Form<TokenForm>,
    step: fn(&crate::app::Services, &crate::store::User, u64, u64) -> Result<(), crate::app::AppError>,
) -> Response {
    let change = move |services: &_, caller: &_| step(services, caller, id, thesis);
    let to = move |_| format!("/commissions/{id}/sitting#defense-{thesis}");
    super::change_and_redirect(&state, &page, &form.csrf_token, change, to).await
}

/// The mark form.
#[derive(Deserialize)]
pub struct MarkForm {
    #[serde(default)]
    pub csrf_token: String,
    pub percent: u8,
}

/// `POST /commissions/{id}/defenses/{thesis}/marks`: the member's mark, then back to the form.
pub async fn mark(
    State(state): State<AppState>,
    page: Page,
    Path((id, thesis)): Path<(u64, u64)>,
    Form(form): Form<MarkForm>,
) -> Response {
    let percent = form.percent;
    let grade = move |services: &_, caller: &_| app::grading::grade(services, caller, id, thesis, percent);
    let to = move |_| format!("/commissions/{id}/defenses/{thesis}");
    super::change_and_redirect(&state, &page, &form.csrf_token, grade, to).await
}

/// The vote form: `mode` open (a `ballot_{member}` choice per member, all present) or secret
/// (`present_{member}` boxes, the totals, the chair's deciding vote).
#[derive(Deserialize)]
pub struct VoteForm {
    #[serde(default)]
    pub csrf_token: String,
    #[serde(default)]
    pub mode: String,
    #[serde(flatten)]
    pub fields: std::collections::HashMap<String, String>,
}

fn choice(text: Option<&String>) -> Option<VoteChoice> {
    match text.map(String::as_str) {
        Some("for") => Some(VoteChoice::For),
        Some("against") => Some(VoteChoice::Against),
        _ => None,
    }
}

/// `POST /commissions/{id}/defenses/{thesis}/vote`: the secretary records the vote.
pub async fn vote(
    State(state): State<AppState>,
    page: Page,
    Path((id, thesis)): Path<(u64, u64)>,
    Form(form): Form<VoteForm>,
) -> Response {
    let result = async {
        let current = page.verified_user(&state, &form.csrf_token)?;
        let members: Vec<u64> = (form.fields.keys())
            .filter_map(|key| key.strip_prefix("present_").and_then(|id| id.parse().ok()))
            .collect();
        let number =
            |key: &str| form.fields.get(key).and_then(|value| value.trim().parse::<u32>().ok()).unwrap_or(0);
        let (vote, present) = if form.mode == "open" {
            let ballots: Vec<(u64, VoteChoice)> = (form.fields.iter())
                .filter_map(|(key, value)| {
                    Some((key.strip_prefix("ballot_")?.parse().ok()?, choice(Some(value))?))
                })
                .collect();
            let present = ballots.iter().map(|&(member, _)| member).collect();
            (DegreeVote::Open { ballots }, present)
        } else {
            let deciding = choice(form.fields.get("chair_deciding_vote"));
            let secret = DegreeVote::Secret {
                votes_for: number("votes_for"),
                votes_against: number("votes_against"),
                chair_deciding_vote: deciding,
            };
            (secret, members)
        };
        state
            .run(move |services| {
                app::grading::record_vote(services, &current.user, id, thesis, vote, present)
            })
            .await?;
        Ok(Redirect::to(&format!("/commissions/{id}/sitting#defense-{thesis}")).into_response())
    }
    .await;
    page.finish(result)
}

/// The technical-failure form.
#[derive(Deserialize)]
pub struct FailureForm {
    #[serde(default)]
    pub csrf_token: String,
    pub student: u64,
    #[serde(default)]
    pub description: String,
    /// Ticked when the commission went on with the defense after the interruption.
    pub continued: Option<String>,
}

/// `POST /commissions/{id}/failure`: the secretary's act, and the defense moves.
pub async fn failure(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<u64>,
    Form(form): Form<FailureForm>,
) -> Response {
    let (student, continued) = (form.student, form.continued.is_some());
    let input =
        app::schedules::RescheduleInput::TechnicalFailure { description: form.description, continued };
    let record =
        move |services: &_, caller: &_| app::schedules::reschedule(services, caller, id, student, input);
    let to = move |_| format!("/commissions/{id}/sitting");
    super::change_and_redirect(&state, &page, &form.csrf_token, record, to).await
}

/// `POST /commissions/{id}/results/publish`: staff publish the graded results.
pub async fn publish_results(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<u64>,
    Form(form): Form<TokenForm>,
) -> Response {
    let publish = move |services: &_, caller: &_| app::grading::publish_results(services, caller, id);
    let to = move |_| format!("/commissions/{id}/sitting");
    super::change_and_redirect(&state, &page, &form.csrf_token, publish, to).await
}

/// The chair's conclusions and recommendations form.
#[derive(Deserialize)]
pub struct RecommendationsForm {
    #[serde(default)]
    pub csrf_token: String,
    #[serde(default)]
    pub text: String,
}

/// `POST /commissions/{id}/recommendations`: the chair's conclusions and recommendations, then
/// back to the protocol page.
pub async fn recommendations(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<u64>,
    Form(form): Form<RecommendationsForm>,
) -> Response {
    let text = form.text;
    let write =
        move |services: &_, caller: &_| app::protocols::write_recommendations(services, caller, id, &text);
    let to = move |_| format!("/commissions/{id}/protocols?flash=recommendations#recommendations");
    super::change_and_redirect(&state, &page, &form.csrf_token, write, to).await
}
