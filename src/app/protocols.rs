//! The attestation's documents as DOCX, in Kazakh or Russian (§61–63, §23): the protocol of a
//! defense's degree vote with the marks, signed by the chair and the technical secretary; the
//! chair's report on the commission's attestation; the technical-failure act, signed by the
//! secretary. Whoever may view the commission downloads them. Every text is the catalogue's.

use super::commissions::visible_commission;
use super::docx_writer::DocxWriter;
use super::grading::grading_view;
use super::{AppError, Services};
use crate::attestation::state::DefenseState;
use crate::messages::text;
use crate::model::{Translated, UiLang};
use crate::store::{Commission, CommissionId, Composition, Seat, ThesisId, User, UserId};

const ONLY_KK_RU: Translated = text("doc_lang_unsupported");
const RECOMMENDATIONS_REQUIRED: Translated = text("recommendations_required");

/// The most characters of the chair's conclusions and recommendations.
pub const MAX_RECOMMENDATIONS_CHARS: usize = 20_000;

/// The chair writes the conclusions and recommendations of the report on the attestation
/// (replacing earlier ones); they appear in the report's DOCX.
pub fn write_recommendations(
    services: &Services,
    caller: &User,
    id: CommissionId,
    recommendations: &str,
) -> Result<Commission, AppError> {
    let commission = visible_commission(services, caller, id)?;
    let target = crate::auth::AccessTarget::Commission(crate::auth::CommissionRef::from(&commission));
    crate::auth::authorize(caller, crate::auth::Action::WriteChairReport, &target)?;
    let text = super::fields::paragraphs("recommendations", recommendations, MAX_RECOMMENDATIONS_CHARS)?;
    if text.trim().is_empty() {
        return Err(AppError::invalid("recommendations_required", RECOMMENDATIONS_REQUIRED));
    }
    Ok(services.store.write_recommendations(id, &text, caller.id, services.now())?)
}

/// A document and the file name to give it.
pub struct DocxFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

fn check_lang(lang: UiLang) -> Result<UiLang, AppError> {
    match lang {
        UiLang::Kk | UiLang::Ru => Ok(lang),
        UiLang::En => Err(AppError::invalid("document_language", ONLY_KK_RU)),
    }
}

fn name_of(services: &Services, user: UserId) -> String {
    services.store.user(user).map(|user| user.name).unwrap_or_default()
}

/// The holder of a seat's name, or an empty line when the seat is empty.
fn holder(services: &Services, commission: &Commission, wanted: Seat) -> String {
    let seats = commission.composition.as_ref().map(Composition::seats).unwrap_or_default();
    seats
        .into_iter()
        .find(|&(_, seat)| seat == wanted)
        .map(|(user, _)| name_of(services, user))
        .unwrap_or_default()
}

fn packed(writer: DocxWriter, file_name: String) -> Result<DocxFile, AppError> {
    Ok(DocxFile { file_name, bytes: writer.finish().map_err(AppError::internal)? })
}

/// The protocol of a confirmed defense's vote.
pub fn vote_protocol(
    services: &Services,
    caller: &User,
    id: CommissionId,
    thesis: ThesisId,
    lang: UiLang,
) -> Result<DocxFile, AppError> {
    let lang = check_lang(lang)?;
    let view = grading_view(services, caller, id, thesis)?;
    if !view.confirmed {
        return Err(AppError::Store(crate::attestation::AttestationError::NotGraded.into()));
    }
    let commission = visible_commission(services, caller, id)?;
    let t = |translated: Translated| translated.get(lang);
    let schedule = services.store.schedule_of(id)?;
    let date = schedule
        .as_ref()
        .and_then(|schedule| schedule.schedule.slot_of(view.student).map(|slot| slot.date.to_string()))
        .unwrap_or_default();
    let marks: Vec<Vec<String>> = view
        .marks
        .iter()
        .map(|mark| vec![mark.name.clone(), format!("{} %", mark.percent), mark.letter.to_string()])
        .collect();
    let grade = crate::attestation::grading::Grade::from_percent(view.final_percent.unwrap_or_default())
        .map_err(|error| AppError::Store(error.into()))?;
    let vote_mode = match view.vote_mode {
        Some("open") => t(text("doc_vote_open")),
        _ => t(text("doc_vote_secret")),
    };
    let decision = if view.degree_awarded == Some(true) {
        text("doc_degree_awarded")
    } else {
        text("doc_degree_not_awarded")
    };
    let mut writer = DocxWriter::default()
        .title(t(text("doc_protocol_title")))
        .subtitle(t(text("doc_protocol_subject")))
        .field(t(text("doc_commission")), &commission.name)
        .field(t(text("doc_date")), &date)
        .field(t(text("doc_student")), &view.student_name)
        .field(t(text("doc_thesis")), &view.title)
        .text(t(text("doc_marks")))
        .table(&[t(text("seat_member")), t(text("doc_mark")), t(text("doc_letter"))], &marks)
        .field(
            t(text("doc_final_grade")),
            &format!(
                "{} % — {} ({})",
                grade.percent,
                grade.letter.symbol(),
                grade.letter.traditional().get(lang)
            ),
        )
        .field(t(text("doc_vote")), vote_mode)
        .field(t(text("doc_votes_for")), &view.votes_for.unwrap_or_default().to_string())
        .field(t(text("doc_votes_against")), &view.votes_against.unwrap_or_default().to_string())
        .field(t(text("doc_not_voting")), &view.not_voting.unwrap_or_default().to_string());
    if view.decided_by_chair == Some(true) {
        writer = writer.text(t(text("doc_decided_by_chair")));
    }
    let signature = t(text("doc_signature"));
    let writer = writer
        .text(t(decision))
        .signature(t(text("seat_chair")), &holder(services, &commission, Seat::Chair), signature)
        .signature(t(text("seat_secretary")), &holder(services, &commission, Seat::Secretary), signature);
    packed(writer, format!("protocol-{id}-{thesis}-{}.docx", lang.code()))
}

/// The chair's report on the commission's attestation: the defenses graded so far, the grades
/// by letter and the degrees awarded.
pub fn chair_report(
    services: &Services,
    caller: &User,
    id: CommissionId,
    lang: UiLang,
) -> Result<DocxFile, AppError> {
    let lang = check_lang(lang)?;
    let commission = visible_commission(services, caller, id)?;
    let t = |translated: Translated| translated.get(lang);
    let schedule = services.store.schedule_of(id)?.ok_or(AppError::NotFound)?;
    let mut rows = Vec::new();
    let mut letters: Vec<(&'static str, u32)> = Vec::new();
    let mut degrees = 0;
    for &(student, thesis) in &schedule.theses {
        let Some(defense) = services.store.defense(thesis)? else { continue };
        let graded = match defense.state {
            DefenseState::Graded { grade, degree_awarded }
            | DefenseState::Published { grade, degree_awarded, .. }
            | DefenseState::Appealed { grade, degree_awarded, .. }
            | DefenseState::Closed { grade, degree_awarded, .. } => Some((grade, degree_awarded)),
            _ => None,
        };
        let Some((grade, degree_awarded)) = graded else { continue };
        let symbol = grade.letter.symbol();
        match letters.iter_mut().find(|(letter, _)| *letter == symbol) {
            Some((_, count)) => *count += 1,
            None => letters.push((symbol, 1)),
        }
        degrees += u32::from(degree_awarded);
        let title = services.store.thesis(thesis).map(|thesis| thesis.title).unwrap_or_default();
        let degree = if degree_awarded { t(text("doc_yes")) } else { t(text("doc_no")) };
        rows.push(vec![
            name_of(services, student),
            title,
            format!("{} % — {symbol}", grade.percent),
            degree.to_string(),
        ]);
    }
    let distribution: Vec<Vec<String>> =
        letters.iter().map(|(letter, count)| vec![letter.to_string(), count.to_string()]).collect();
    let writer = DocxWriter::default()
        .title(t(text("doc_report_title")))
        .field(t(text("doc_commission")), &commission.name)
        .field(t(text("faculty")), &commission.faculty)
        .field(t(text("doc_programmes")), &commission.programmes.join(", "))
        .field(t(text("doc_year")), &commission.year.to_string())
        .field(t(text("doc_students_total")), &rows.len().to_string())
        .field(t(text("doc_degrees_awarded")), &degrees.to_string())
        .text(t(text("doc_grade_distribution")))
        .table(&[t(text("doc_letter")), t(text("doc_count"))], &distribution)
        .text(t(text("doc_results")))
        .table(
            &[
                t(text("doc_student")),
                t(text("doc_thesis")),
                t(text("doc_final_grade")),
                t(text("doc_degree")),
            ],
            &rows,
        );
    let mut writer = writer.text(t(text("doc_recommendations")));
    let written = commission.recommendations.as_ref().map(|written| written.text.as_str());
    for paragraph in written.unwrap_or("—").split('\n').filter(|line| !line.trim().is_empty()) {
        writer = writer.text(paragraph);
    }
    let writer = writer.signature(
        t(text("seat_chair")),
        &holder(services, &commission, Seat::Chair),
        t(text("doc_signature")),
    );
    packed(writer, format!("report-{id}-{}.docx", lang.code()))
}

/// A technical-failure act of the commission, by its number.
pub fn failure_act(
    services: &Services,
    caller: &User,
    id: CommissionId,
    number: u32,
    lang: UiLang,
) -> Result<DocxFile, AppError> {
    let lang = check_lang(lang)?;
    let commission = visible_commission(services, caller, id)?;
    let t = |translated: Translated| translated.get(lang);
    let schedule = services.store.schedule_of(id)?.ok_or(AppError::NotFound)?;
    let act = schedule.acts.iter().find(|act| act.number == number).ok_or(AppError::NotFound)?;
    let title = services.store.thesis(act.thesis).map(|thesis| thesis.title).unwrap_or_default();
    let writer = DocxWriter::default()
        .title(&format!("{} №{number}", t(text("doc_act_title"))))
        .field(t(text("doc_commission")), &commission.name)
        .field(t(text("doc_date")), &act.date.to_string())
        .field(t(text("doc_student")), &name_of(services, act.student))
        .field(t(text("doc_thesis")), &title)
        .field(t(text("what")), &act.description)
        .text(t(text("doc_act_moved")))
        .signature(t(text("seat_secretary")), &name_of(services, act.drawn_up_by), t(text("doc_signature")));
    packed(writer, format!("act-{id}-{number}-{}.docx", lang.code()))
}
