//! One commission's page for staff and its members (issue #18): `/commissions/{id}` shows the
//! commission, its seats and its schedule; staff who manage it assign the seats, form its appeal
//! commissions, build the schedule from the admission list and publish it; the chair (or staff)
//! moves a defense for a valid absence. `POST /attestation/commissions` creates a commission from
//! the list page. Every change is the same `app` function as the JSON API's; the forms post with
//! the CSRF token and redirect back with a flash message.

use super::attestation::{seat_label, seat_name, state_label, TokenForm};
use super::change_and_redirect;
use crate::app;
use crate::app::absences::AbsenceView;
use crate::app::commissions::{visible_commission, CommissionView, NewCommissionInput};
use crate::app::schedules::{PlanInput, RescheduleInput, ScheduleView};
use crate::auth::{authorize, AccessTarget, Action, CommissionRef};
use crate::http::error::ApiError;
use crate::http::state::AppState;
use crate::store::{AppealSeat, Commission, Composition, UserId};
use crate::web::render::role_label;
use crate::web::Page;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

/// Whether the caller may do `action` on the commission.
fn may(page: &Page, commission: &Commission, action: Action) -> bool {
    let target = AccessTarget::Commission(CommissionRef::from(commission));
    page.user().is_ok_and(|current| authorize(&current.user, action, &target).is_ok())
}

/// `GET /commissions/{id}`: the commission, its seats and schedule, and the forms the caller
/// may use.
pub async fn detail(State(state): State<AppState>, page: Page, Path(id): Path<u64>) -> Response {
    let result = (|| {
        let current = page.user()?;
        let commission = visible_commission(&state, &current.user, id)?;
        let can_manage = may(&page, &commission, Action::ManageCommissions);
        let view = CommissionView::of(&state, &commission);
        let seats: Vec<Value> = (view.seats.iter())
            .map(|seat| json!({ "name": seat.name, "seat": seat_name(page.lang, seat.seat) }))
            .collect();
        let appeal_commissions: Vec<Value> = (commission.appeal_commissions.iter())
            .filter_map(|&appeal| state.store.commission(appeal).ok())
            .map(|appeal| json!({ "id": appeal.id, "name": appeal.name }))
            .collect();
        let context = json!({
            "commission": view, "is_appeal": view.kind == "appeal", "seats": seats,
            "seat": seat_label(&page, &commission, current.user.id), "can_manage": can_manage,
            "candidates": if can_manage { candidates(&state, &page, &view)? } else { Vec::new() },
            "appeal_commissions": appeal_commissions,
            "schedule": schedule_section(&state, &page, &commission, can_manage)?,
        });
        page.render(&state, "commission.html", context)
    })();
    page.finish(result)
}

/// The people staff may seat, with the seats they hold now, for the seat form.
fn candidates(state: &AppState, page: &Page, view: &CommissionView) -> Result<Vec<Value>, ApiError> {
    let current = page.user()?;
    let people = app::commissions::seat_candidates(state, &current.user)?;
    Ok(people
        .iter()
        .map(|person| {
            let seat = view.seats.iter().find(|seat| seat.user == person.id);
            json!({
                "id": person.id, "name": person.name, "role": role_label(page.lang, person.role),
                "faculty": person.faculty, "seat": seat.map(|seat| seat.seat),
                "administrator": seat.is_some_and(|seat| seat.is_administrator),
            })
        })
        .collect())
}

/// The schedule section: the slots with their states and whether the caller may move one, or
/// (for staff, before it is built) how many admitted students wait for it.
fn schedule_section(
    state: &AppState,
    page: &Page,
    commission: &Commission,
    can_manage: bool,
) -> Result<Value, ApiError> {
    let current = page.user()?;
    let Some(stored) = state.store.schedule_of(commission.id)? else {
        let is_attestation =
            commission.composition.as_ref().is_some_and(|c| matches!(c, Composition::Attestation { .. }));
        let waiting = if can_manage && is_attestation {
            Some(app::schedules::students_waiting(state, &current.user, commission.id)?)
        } else {
            None
        };
        return Ok(json!({ "built": false, "waiting": waiting, "can_build": can_manage && is_attestation }));
    };
    let view = ScheduleView::of(state, &stored);
    let requests = app::absences::requests_of(state, &current.user, commission.id)?;
    let slots: Vec<Value> = (view.slots.iter())
        .map(|slot| {
            let request = requests.iter().find(|request| request.thesis == slot.thesis);
            let absence = request.map(|request| AbsenceView::of(state, request));
            let waiting = absence.as_ref().is_some_and(|absence| absence.state == "waiting");
            json!({ "slot": slot, "state_label": state_label(page.lang, slot.state), "absence": absence,
                    "can_move": waiting && slot.state == "scheduled" })
        })
        .collect();
    Ok(
        json!({ "built": true, "view": view, "slots": slots, "can_publish": can_manage && view.published_at.is_none() }),
    )
}

/// The new-commission form of the list page.
#[derive(Deserialize)]
pub struct NewCommissionForm {
    #[serde(default)]
    pub csrf_token: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub faculty: String,
    /// One programme per line (commas also separate).
    #[serde(default)]
    pub programmes: String,
    #[serde(default)]
    pub year: String,
}

/// `POST /attestation/commissions`: staff create an attestation commission, then its page.
pub async fn create(
    State(state): State<AppState>,
    page: Page,
    Form(form): Form<NewCommissionForm>,
) -> Response {
    let faculty = Some(form.faculty.trim().to_string()).filter(|faculty| !faculty.is_empty());
    let programmes = form.programmes.split(['\n', ',']).map(str::to_string).collect();
    let year = form.year.trim().parse().unwrap_or(0);
    let input = NewCommissionInput { name: form.name, faculty, programmes, year, appeal_of: None };
    let create = move |services: &_, caller: &_| app::commissions::create_commission(services, caller, input);
    change_and_redirect(&state, &page, &form.csrf_token, create, created_page).await
}

/// The page of a commission just created.
fn created_page(commission: crate::store::Commission) -> String {
    format!("/commissions/{}?flash=commission_created", commission.id)
}

/// The appeal-commission form: its name.
#[derive(Deserialize)]
pub struct AppealCommissionForm {
    #[serde(default)]
    pub csrf_token: String,
    #[serde(default)]
    pub name: String,
}

/// `POST /commissions/{id}/appeal-commission`: staff form an appeal commission for this one.
pub async fn create_appeal(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<u64>,
    Form(form): Form<AppealCommissionForm>,
) -> Response {
    let (name, programmes) = (form.name, Vec::new());
    let input = NewCommissionInput { name, faculty: None, programmes, year: 0, appeal_of: Some(id) };
    let create = move |services: &_, caller: &_| app::commissions::create_commission(services, caller, input);
    change_and_redirect(&state, &page, &form.csrf_token, create, created_page).await
}

/// The seat form: `chair` and `secretary` (user ids) and a `member_{id}` box per member for an
/// attestation commission; `member_{id}` and `administrator_{id}` boxes for an appeal one.
#[derive(Deserialize)]
pub struct SeatsForm {
    #[serde(default)]
    pub csrf_token: String,
    #[serde(flatten)]
    pub fields: HashMap<String, String>,
}

impl SeatsForm {
    /// The ids of the boxes ticked with this prefix, in ascending order.
    fn ticked(&self, prefix: &str) -> Vec<UserId> {
        let mut ids: Vec<UserId> =
            (self.fields.keys()).filter_map(|key| key.strip_prefix(prefix)?.parse().ok()).collect();
        ids.sort_unstable();
        ids
    }

    /// The composition the form describes for a commission of this kind; a missing chair or
    /// secretary reads as user 0, which the store refuses as an unknown person.
    fn composition(&self, is_appeal: bool) -> Composition {
        let members = self.ticked("member_");
        if is_appeal {
            let administrators = self.ticked("administrator_");
            let seats = members
                .into_iter()
                .map(|user| AppealSeat { user, is_administrator: administrators.contains(&user) })
                .collect();
            return Composition::Appeal { members: seats };
        }
        let person =
            |key: &str| self.fields.get(key).and_then(|value| value.trim().parse().ok()).unwrap_or(0);
        Composition::Attestation { chair: person("chair"), members, secretary: person("secretary") }
    }
}

/// `POST /commissions/{id}/seats`: staff assign every seat at once.
pub async fn seats(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<u64>,
    Form(form): Form<SeatsForm>,
) -> Response {
    let csrf_token = form.csrf_token.clone();
    let assign = move |services: &app::Services, caller: &crate::store::User| {
        let commission = visible_commission(services, caller, id)?;
        let is_appeal = matches!(commission.kind, crate::store::CommissionKind::Appeal { .. });
        app::commissions::assign_seats(services, caller, id, form.composition(is_appeal))
    };
    let to = move |_| format!("/commissions/{id}?flash=seats_assigned#seats");
    change_and_redirect(&state, &page, &csrf_token, assign, to).await
}

/// The schedule form.
#[derive(Deserialize)]
pub struct PlanForm {
    #[serde(default)]
    pub csrf_token: String,
    #[serde(default)]
    pub first_day: String,
    #[serde(default)]
    pub daily_start: String,
    #[serde(default)]
    pub slot_minutes: String,
    #[serde(default)]
    pub sitting_minutes: String,
    #[serde(default)]
    pub meeting_link: String,
}

/// `POST /commissions/{id}/schedule`: staff build the schedule from the admission list.
pub async fn build(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<u64>,
    Form(form): Form<PlanForm>,
) -> Response {
    let minutes = |text: &str| text.trim().parse::<u16>().unwrap_or(0);
    let plan = PlanInput {
        first_day: form.first_day,
        daily_start: form.daily_start,
        slot_minutes: minutes(&form.slot_minutes),
        sitting_minutes: minutes(&form.sitting_minutes),
        meeting_link: Some(form.meeting_link),
    };
    let build = move |services: &_, caller: &_| app::schedules::build_schedule(services, caller, id, plan);
    let to = move |_| format!("/commissions/{id}?flash=schedule_built#schedule");
    change_and_redirect(&state, &page, &form.csrf_token, build, to).await
}

/// `POST /commissions/{id}/publish`: staff publish the schedule to its students and members.
pub async fn publish(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<u64>,
    Form(form): Form<TokenForm>,
) -> Response {
    let publish = move |services: &_, caller: &_| app::schedules::publish(services, caller, id);
    let to = move |_| format!("/commissions/{id}?flash=schedule_published#schedule");
    change_and_redirect(&state, &page, &form.csrf_token, publish, to).await
}

/// The valid-absence forms: the student whose defense moves (grant), or the thesis whose
/// request is refused.
#[derive(Deserialize)]
pub struct AbsenceForm {
    #[serde(default)]
    pub csrf_token: String,
    #[serde(default)]
    pub student: u64,
    #[serde(default)]
    pub thesis: u64,
}

/// `POST /commissions/{id}/absence`: the chair (or staff) grants a student's waiting request by
/// moving the defense to the commission's next sitting day with room (§22).
pub async fn absence(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<u64>,
    Form(form): Form<AbsenceForm>,
) -> Response {
    let student = form.student;
    let moved = move |services: &_, caller: &_| {
        app::schedules::reschedule(services, caller, id, student, RescheduleInput::ValidAbsence)
    };
    let to = move |_| format!("/commissions/{id}?flash=defense_moved#schedule");
    change_and_redirect(&state, &page, &form.csrf_token, moved, to).await
}

/// `POST /commissions/{id}/absence/refuse`: the chair (or staff) refuses a student's waiting
/// request; the defense keeps its time.
pub async fn refuse_absence(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<u64>,
    Form(form): Form<AbsenceForm>,
) -> Response {
    let thesis = form.thesis;
    let refused = move |services: &_, caller: &_| app::absences::refuse_absence(services, caller, id, thesis);
    let to = move |_| format!("/commissions/{id}?flash=absence_refused#schedule");
    change_and_redirect(&state, &page, &form.csrf_token, refused, to).await
}
