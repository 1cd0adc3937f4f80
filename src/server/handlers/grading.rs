//! Grading and the degree vote of a commission's defenses (issue #18): the defense held, a
//! member's mark, the vote, the secretary's confirmation, the commission's grading view, and
//! the publication of its results.

use super::ErrorAnswer;
use crate::app;
use crate::app::grading::GradingView;
use crate::attestation::vote::{DegreeVote, VoteChoice};
use crate::http::error::ApiError;
use crate::http::session::CurrentUser;
use crate::http::state::AppState;
use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};

/// `GET /api/commissions/{id}/defenses/{thesis}/grading`: the defense's grading form and
/// totals, for whoever may view the commission.
#[utoipa::path(get, path = "/api/commissions/{id}/defenses/{thesis}/grading", tag = "attestation", params(("id" = u64, Path), ("thesis" = u64, Path)), responses((status = 200, body = GradingView), (status = "default", body = ErrorAnswer)))]
pub async fn view(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((id, thesis)): Path<(u64, u64)>,
) -> Result<Json<GradingView>, ApiError> {
    let view =
        state.run(move |services| app::grading::grading_view(services, &current.user, id, thesis)).await?;
    Ok(Json(view))
}

/// `POST /api/commissions/{id}/defenses/{thesis}/held`: the technical secretary records that
/// the defense took place; the grading view answers.
#[utoipa::path(post, path = "/api/commissions/{id}/defenses/{thesis}/held", tag = "attestation", params(("id" = u64, Path), ("thesis" = u64, Path)), responses((status = 200, body = GradingView), (status = "default", body = ErrorAnswer)))]
pub async fn held(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((id, thesis)): Path<(u64, u64)>,
) -> Result<Json<GradingView>, ApiError> {
    secretary_step(state, current, (id, thesis), app::grading::mark_defended).await
}

/// One of the secretary's steps on a defense (`step(services, caller, commission, thesis)`),
/// answered with the grading view after it.
async fn secretary_step(
    state: AppState,
    current: CurrentUser,
    (id, thesis): (u64, u64),
    step: fn(&app::Services, &crate::store::User, u64, u64) -> Result<(), app::AppError>,
) -> Result<Json<GradingView>, ApiError> {
    let view = state
        .run(move |services| {
            step(services, &current.user, id, thesis)?;
            app::grading::grading_view(services, &current.user, id, thesis)
        })
        .await?;
    Ok(Json(view))
}

/// A member's mark.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct MarkRequest {
    /// 0–100; the letter follows from it.
    pub percent: u8,
}

/// `POST /api/commissions/{id}/defenses/{thesis}/marks`: the chair or a member gives their
/// mark for a held defense, once.
#[utoipa::path(post, path = "/api/commissions/{id}/defenses/{thesis}/marks", tag = "attestation", params(("id" = u64, Path), ("thesis" = u64, Path)), request_body = MarkRequest, responses((status = 200, body = GradingView), (status = "default", body = ErrorAnswer)))]
pub async fn mark(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((id, thesis)): Path<(u64, u64)>,
    Json(request): Json<MarkRequest>,
) -> Result<Json<GradingView>, ApiError> {
    let view = state
        .run(move |services| {
            app::grading::grade(services, &current.user, id, thesis, request.percent)?;
            app::grading::grading_view(services, &current.user, id, thesis)
        })
        .await?;
    Ok(Json(view))
}

/// One member's open ballot.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct BallotRequest {
    pub member: u64,
    /// `for` or `against`.
    #[schema(value_type = String)]
    pub choice: VoteChoice,
}

/// The degree vote as the technical secretary records it.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum VoteRequest {
    /// Open discussion: every member present, every ballot with its member.
    Open { present: Vec<u64>, ballots: Vec<BallotRequest> },
    /// Secret ballot: the totals only, and the chair's deciding vote if they are tied.
    Secret {
        present: Vec<u64>,
        votes_for: u32,
        votes_against: u32,
        #[schema(value_type = Option<String>)]
        chair_deciding_vote: Option<VoteChoice>,
    },
}

/// `POST /api/commissions/{id}/defenses/{thesis}/vote`: the technical secretary records the
/// degree vote; the system counts it.
#[utoipa::path(post, path = "/api/commissions/{id}/defenses/{thesis}/vote", tag = "attestation", params(("id" = u64, Path), ("thesis" = u64, Path)), request_body = VoteRequest, responses((status = 200, body = GradingView), (status = "default", body = ErrorAnswer)))]
pub async fn vote(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((id, thesis)): Path<(u64, u64)>,
    Json(request): Json<VoteRequest>,
) -> Result<Json<GradingView>, ApiError> {
    let (vote, present) = match request {
        VoteRequest::Open { present, ballots } => {
            let ballots = ballots.into_iter().map(|ballot| (ballot.member, ballot.choice)).collect();
            (DegreeVote::Open { ballots }, present)
        }
        VoteRequest::Secret { present, votes_for, votes_against, chair_deciding_vote } => {
            (DegreeVote::Secret { votes_for, votes_against, chair_deciding_vote }, present)
        }
    };
    let view = state
        .run(move |services| {
            app::grading::record_vote(services, &current.user, id, thesis, vote, present)?;
            app::grading::grading_view(services, &current.user, id, thesis)
        })
        .await?;
    Ok(Json(view))
}

/// `POST /api/commissions/{id}/defenses/{thesis}/confirm`: the technical secretary confirms
/// the totals; the defense is graded.
#[utoipa::path(post, path = "/api/commissions/{id}/defenses/{thesis}/confirm", tag = "attestation", params(("id" = u64, Path), ("thesis" = u64, Path)), responses((status = 200, body = GradingView), (status = "default", body = ErrorAnswer)))]
pub async fn confirm(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((id, thesis)): Path<(u64, u64)>,
) -> Result<Json<GradingView>, ApiError> {
    secretary_step(state, current, (id, thesis), app::grading::confirm).await
}

/// The answer of a publication: the theses whose results were published.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PublishedResults {
    pub theses: Vec<u64>,
}

/// `POST /api/commissions/{id}/results/publish`: staff publish every graded defense's result
/// today; the appeal window (2 working days) opens.
#[utoipa::path(post, path = "/api/commissions/{id}/results/publish", tag = "attestation", params(("id" = u64, Path)), responses((status = 200, body = PublishedResults), (status = "default", body = ErrorAnswer)))]
pub async fn publish(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<u64>,
) -> Result<Json<PublishedResults>, ApiError> {
    let theses =
        state.run(move |services| app::grading::publish_results(services, &current.user, id)).await?;
    Ok(Json(PublishedResults { theses }))
}

/// `POST /api/commissions/{id}/results/close`: staff close the published results whose appeal
/// window has passed without an appeal.
#[utoipa::path(post, path = "/api/commissions/{id}/results/close", tag = "attestation", params(("id" = u64, Path)), responses((status = 200, body = PublishedResults, description = "The theses closed"), (status = "default", body = ErrorAnswer)))]
pub async fn close(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<u64>,
) -> Result<Json<PublishedResults>, ApiError> {
    let theses = state.run(move |services| app::grading::close_results(services, &current.user, id)).await?;
    Ok(Json(PublishedResults { theses }))
}
