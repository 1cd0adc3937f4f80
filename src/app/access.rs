//! Access helpers shared by the application functions and the readers of the API and pages:
//! a thesis the caller may not view is "not found" (as if it did not exist); an action on a
//! thesis the caller may view but not do is "forbidden". Every decision is `auth::authorize`'s.

use super::{AppError, Services};
use crate::auth::{authorize, AccessTarget, Action, ThesisRef};
use crate::store::{Role, Thesis, ThesisId, User};

/// The thesis with this id if the caller may view it; otherwise not found.
pub fn visible_thesis(services: &Services, user: &User, id: ThesisId) -> Result<Thesis, AppError> {
    let thesis = services.store.thesis(id)?;
    let target = AccessTarget::Thesis(ThesisRef::from(&thesis));
    authorize(user, Action::ViewThesis, &target).map_err(|_| AppError::NotFound)?;
    Ok(thesis)
}

/// Checks an action on a thesis the caller can view (forbidden when refused).
pub fn authorize_on_thesis(user: &User, action: Action, thesis: &Thesis) -> Result<(), AppError> {
    authorize(user, action, &AccessTarget::Thesis(ThesisRef::from(thesis)))?;
    Ok(())
}

/// True when the caller may read the thesis's report (and so its similarity figures).
pub fn may_see_figures(user: &User, thesis: &Thesis, students_see_reports: bool) -> bool {
    let target = AccessTarget::Report { thesis: ThesisRef::from(thesis), students_see_reports };
    authorize(user, Action::ViewReport, &target).is_ok()
}

/// The target of institution-wide listings for a staff member: their faculty, or everything.
pub fn faculty_target(user: &User) -> AccessTarget {
    match &user.faculty {
        Some(faculty) if user.role == Role::Staff => AccessTarget::Faculty(faculty.clone()),
        _ => AccessTarget::Institution,
    }
}
