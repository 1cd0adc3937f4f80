//! The attestation's commissions: listing, creation, one commission with its seats, and the
//! assignment of its seats (issue #18).

use super::ErrorAnswer;
use crate::app;
use crate::app::commissions::{CommissionView, NewCommissionInput};
use crate::http::error::ApiError;
use crate::http::session::CurrentUser;
use crate::http::state::AppState;
use crate::store::{AppealSeat, Composition};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

/// The answer of `GET /api/commissions`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CommissionList {
    pub commissions: Vec<CommissionView>,
}

/// `GET /api/commissions`: the commissions the caller may see (staff: their faculty's; others:
/// those they hold a seat on).
#[utoipa::path(get, path = "/api/commissions", tag = "attestation", responses((status = 200, body = CommissionList), (status = "default", body = ErrorAnswer)))]
pub async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<CommissionList>, ApiError> {
    let commissions = state
        .run(move |services| {
            let commissions = app::commissions::commissions_for(services, &current.user)?;
            Ok(commissions.iter().map(|commission| CommissionView::of(services, commission)).collect())
        })
        .await?;
    Ok(Json(CommissionList { commissions }))
}

/// A commission to create.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewCommissionRequest {
    pub name: String,
    /// The caller's faculty when left out; an appeal commission takes its attestation
    /// commission's faculty, programmes and year.
    pub faculty: Option<String>,
    #[serde(default)]
    pub programmes: Vec<String>,
    #[serde(default)]
    pub year: i32,
    /// Makes an appeal commission for this attestation commission.
    pub appeal_of: Option<u64>,
}

/// `POST /api/commissions`: staff create an attestation commission, or an appeal commission
/// for one (`appeal_of`), without seats.
#[utoipa::path(post, path = "/api/commissions", tag = "attestation", request_body = NewCommissionRequest, responses((status = 201, body = CommissionView), (status = "default", body = ErrorAnswer)))]
pub async fn create(
    State(state): State<AppState>,
    current: CurrentUser,
    Json(request): Json<NewCommissionRequest>,
) -> Result<(StatusCode, Json<CommissionView>), ApiError> {
    let NewCommissionRequest { name, faculty, programmes, year, appeal_of } = request;
    let input = NewCommissionInput { name, faculty, programmes, year, appeal_of };
    let view = state
        .run(move |services| {
            let commission = app::commissions::create_commission(services, &current.user, input)?;
            Ok(CommissionView::of(services, &commission))
        })
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// `GET /api/commissions/{id}`: one commission with its seats.
#[utoipa::path(get, path = "/api/commissions/{id}", tag = "attestation", params(("id" = u64, Path)), responses((status = 200, body = CommissionView), (status = "default", body = ErrorAnswer)))]
pub async fn detail(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<u64>,
) -> Result<Json<CommissionView>, ApiError> {
    let view = state
        .run(move |services| {
            let commission = app::commissions::visible_commission(services, &current.user, id)?;
            Ok(CommissionView::of(services, &commission))
        })
        .await?;
    Ok(Json(view))
}

/// An appeal commission's member with what the staff declare about them.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct AppealSeatRequest {
    pub user: u64,
    /// A member of the institution's administration (§65 refuses them).
    #[serde(default)]
    pub is_administrator: bool,
}

/// Every seat of a commission: an attestation commission's chair, members and technical
/// secretary, or an appeal commission's members.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SeatsRequest {
    Attestation { chair: u64, members: Vec<u64>, secretary: u64 },
    Appeal { members: Vec<AppealSeatRequest> },
}

impl From<SeatsRequest> for Composition {
    fn from(request: SeatsRequest) -> Self {
        match request {
            SeatsRequest::Attestation { chair, members, secretary } => {
                Composition::Attestation { chair, members, secretary }
            }
            SeatsRequest::Appeal { members } => Composition::Appeal {
                members: members
                    .into_iter()
                    .map(|seat| AppealSeat { user: seat.user, is_administrator: seat.is_administrator })
                    .collect(),
            },
        }
    }
}

/// `PUT /api/commissions/{id}/seats`: staff assign every seat at once; the §65 rules refuse an
/// appeal commission with an even number of members, or with a member who sits on the
/// attestation commission or belongs to the administration.
#[utoipa::path(put, path = "/api/commissions/{id}/seats", tag = "attestation", params(("id" = u64, Path)), request_body = SeatsRequest, responses((status = 200, body = CommissionView), (status = "default", body = ErrorAnswer)))]
pub async fn assign_seats(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<u64>,
    Json(request): Json<SeatsRequest>,
) -> Result<Json<CommissionView>, ApiError> {
    let composition = Composition::from(request);
    let view = state
        .run(move |services| {
            let commission = app::commissions::assign_seats(services, &current.user, id, composition)?;
            Ok(CommissionView::of(services, &commission))
        })
        .await?;
    Ok(Json(view))
}

/// The chair's conclusions and recommendations.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct RecommendationsRequest {
    pub text: String,
}

/// `PUT /api/commissions/{id}/recommendations`: the chair writes the conclusions and
/// recommendations of the report on the attestation (they go into `report.docx`).
#[utoipa::path(put, path = "/api/commissions/{id}/recommendations", tag = "attestation", params(("id" = u64, Path)), request_body = RecommendationsRequest, responses((status = 200, body = CommissionView), (status = "default", body = ErrorAnswer)))]
pub async fn recommendations(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<u64>,
    Json(request): Json<RecommendationsRequest>,
) -> Result<Json<CommissionView>, ApiError> {
    let view = state
        .run(move |services| {
            let commission =
                app::protocols::write_recommendations(services, &current.user, id, &request.text)?;
            Ok(CommissionView::of(services, &commission))
        })
        .await?;
    Ok(Json(view))
}
