//! The attestation part of `serve --demo` (issue #18): once the demo theses are checked, their
//! supervisor clears them and files the feedback, staff file the external reviews and admit
//! them, and an attestation commission of demo accounts (with its appeal commission) gets a
//! published schedule starting on the next working day. Every step goes through the
//! application layer, as a person would make it; the texts of the documents are the demo's own.
//!
//! Demo accounts (fixed password `commission-demo`): `chair@demo.adal` (chair),
//! `member@demo.adal` (member), `secretary@demo.adal` (technical secretary),
//! `appeal1@demo.adal` … `appeal3@demo.adal` (appeal commission).

use super::setup::{SetupError, DEMO_THESES};
use crate::app::documents::upload_document;
use crate::app::schedules::PlanInput;
use crate::app::theses::{DecisionInput, UploadedFile};
use crate::app::{self, Services};
use crate::auth::hash_password;
use crate::pipeline::thesis::now_ms;
use crate::store::{
    Actor, AppealSeat, CommissionId, Composition, DefenseDocumentKind, NewUser, Role, Thesis, ThesisScope,
    User,
};
use crate::workflow::ThesisState;

/// The demo commission's name.
pub const DEMO_COMMISSION: &str = "Демо аттестаттау комиссиясы";
/// The password of the commission's demo accounts.
pub const COMMISSION_PASSWORD: &str = "commission-demo";
const DEMO_FACULTY: &str = "Жаратылыстану факультеті";

fn failed(error: app::AppError) -> SetupError {
    SetupError::Auth(format!("demo attestation: {}", error.message(crate::model::UiLang::En)))
}

/// The demo account with this e-mail, created as a supervisor-role teacher when missing.
fn teacher(services: &Services, name: &str, email: &str) -> Result<User, SetupError> {
    if let Some(user) = services.store.user_by_email(email)? {
        return Ok(user);
    }
    let password_hash =
        hash_password(COMMISSION_PASSWORD).map_err(|error| SetupError::Auth(error.to_string()))?;
    let new_user = NewUser {
        name: name.to_string(),
        email: email.to_string(),
        role: Role::Supervisor,
        faculty: Some(DEMO_FACULTY.to_string()),
        department: None,
        supervisor: None,
        password_hash: Some(password_hash),
    };
    Ok(services.store.create_user(&new_user, Actor::System, now_ms())?)
}

fn demo_user(services: &Services, email: &str) -> Result<User, SetupError> {
    services
        .store
        .user_by_email(email)?
        .ok_or(SetupError::Auth(format!("the demo account {email} is missing")))
}

/// True once every demo thesis's first check is recorded (or it moved on).
pub fn demo_theses_checked(services: &Services) -> Result<bool, SetupError> {
    let theses = services.store.list_theses(&ThesisScope::All)?;
    let demo: Vec<_> =
        theses.iter().filter(|thesis| DEMO_THESES.iter().any(|demo| demo.4 == thesis.title)).collect();
    Ok(!demo.is_empty()
        && demo
            .iter()
            .all(|thesis| !matches!(thesis.state, ThesisState::Draft | ThesisState::Submitted { .. })))
}

/// Carries the checked demo theses to a published schedule (once: false when the demo
/// commission exists already).
pub fn create_demo_attestation(services: &Services) -> Result<bool, SetupError> {
    let Some(commission) = prepare_demo_attestation(services)? else { return Ok(false) };
    publish_demo_schedule(services, commission)?;
    Ok(true)
}

/// The demo attestation up to its schedule: the checked demo theses cleared, their documents
/// filed and admitted, the demo commission and its appeal commission seated. Answers the
/// commission, or `None` when it exists already. (The browser walk builds the schedule itself,
/// on the commission's page.)
pub fn prepare_demo_attestation(services: &Services) -> Result<Option<CommissionId>, SetupError> {
    if services.store.commissions()?.iter().any(|commission| commission.name == DEMO_COMMISSION) {
        return Ok(None);
    }
    let staff = demo_user(services, "staff@demo.adal")?;
    admit_demo_theses(services, &staff)?;
    seat_demo_commissions(services, &staff).map(Some)
}

/// Staff build the demo commission's schedule from the next working day and publish it, when
/// admitted theses wait for it.
pub fn publish_demo_schedule(services: &Services, commission: CommissionId) -> Result<(), SetupError> {
    let staff = demo_user(services, "staff@demo.adal")?;
    if app::schedules::students_waiting(services, &staff, commission).map_err(failed)? == 0 {
        return Ok(());
    }
    let today = app::grading::local_date(services.now());
    let first_day = app::schedules::calendar().next_working_day(today);
    let plan = PlanInput {
        first_day: first_day.to_string(),
        daily_start: "10:00".into(),
        slot_minutes: 15,
        sitting_minutes: 120,
        meeting_link: None,
    };
    app::schedules::build_schedule(services, &staff, commission, plan).map_err(failed)?;
    app::schedules::publish(services, &staff, commission).map_err(failed)?;
    Ok(())
}

/// The checked demo theses cleared by their supervisor, with the feedback and the external
/// review filed, admitted by staff.
fn admit_demo_theses(services: &Services, staff: &User) -> Result<(), SetupError> {
    let supervisor = demo_user(services, "supervisor@demo.adal")?;
    let theses = services.store.list_theses(&ThesisScope::All)?;
    for thesis in theses.iter().filter(|thesis| DEMO_THESES.iter().any(|demo| demo.4 == thesis.title)) {
        if matches!(thesis.state, ThesisState::Checked { .. }) {
            admit_demo_thesis(services, &supervisor, staff, thesis)?;
        }
    }
    Ok(())
}

/// One checked demo thesis cleared, its two documents filed, admitted.
fn admit_demo_thesis(
    services: &Services,
    supervisor: &User,
    staff: &User,
    thesis: &Thesis,
) -> Result<(), SetupError> {
    let justification = Some("Демо: сәйкестіктер дәйексөз ретінде рәсімделген.".to_string());
    app::theses::decide(services, supervisor, thesis.id, DecisionInput::Clear { justification })
        .map_err(failed)?;
    let file =
        |name: &str, text: String| UploadedFile { file_name: name.to_string(), bytes: text.into_bytes() };
    let feedback = format!("Ғылыми жетекшінің пікірі\n\n«{}» жұмысы қорғауға ұсынылады.", thesis.title);
    let feedback = file("pikir.txt", feedback);
    upload_document(services, supervisor, thesis.id, DefenseDocumentKind::Feedback, feedback, None)
        .map_err(failed)?;
    let review =
        file("recenziya.txt", format!("Сыртқы рецензия\n\n«{}» жұмысы талаптарға сай.", thesis.title));
    let reviewer = Some("Ғалия Сейітқызы Бекова");
    upload_document(services, staff, thesis.id, DefenseDocumentKind::Review, review, reviewer)
        .map_err(failed)?;
    app::theses::admit(services, staff, thesis.id).map_err(failed)?;
    Ok(())
}

/// The demo commission (chair, member, technical secretary) and its appeal commission of three.
fn seat_demo_commissions(services: &Services, staff: &User) -> Result<CommissionId, SetupError> {
    let chair = teacher(services, "Бақытжан Ерланұлы Қасымов", "chair@demo.adal")?;
    let member = teacher(services, "Сәуле Маратқызы Жұмабаева", "member@demo.adal")?;
    let secretary = teacher(services, "Айжан Болатқызы Нұрлыбекова", "secretary@demo.adal")?;
    let input = app::commissions::NewCommissionInput {
        name: DEMO_COMMISSION.to_string(),
        faculty: Some(DEMO_FACULTY.to_string()),
        programmes: DEMO_THESES.iter().map(|demo| demo.5.to_string()).collect(),
        year: 2026,
        appeal_of: None,
    };
    let commission = app::commissions::create_commission(services, staff, input).map_err(failed)?;
    let seats =
        Composition::Attestation { chair: chair.id, members: vec![member.id], secretary: secretary.id };
    app::commissions::assign_seats(services, staff, commission.id, seats).map_err(failed)?;
    let appeal_input = app::commissions::NewCommissionInput {
        name: "Демо апелляциялық комиссия".to_string(),
        faculty: None,
        programmes: Vec::new(),
        year: 2026,
        appeal_of: Some(commission.id),
    };
    let appeal = app::commissions::create_commission(services, staff, appeal_input).map_err(failed)?;
    let mut appeal_members = Vec::new();
    for (index, name) in
        ["Нұрлан Ғабитұлы Әбенов", "Гүлнар Серікқызы Оспанова", "Ерлан Қанатұлы Тоқтаров"].iter().enumerate()
    {
        let user = teacher(services, name, &format!("appeal{}@demo.adal", index + 1))?;
        appeal_members.push(AppealSeat { user: user.id, is_administrator: false });
    }
    app::commissions::assign_seats(
        services,
        staff,
        appeal.id,
        Composition::Appeal { members: appeal_members },
    )
    .map_err(failed)?;
    Ok(commission.id)
}
