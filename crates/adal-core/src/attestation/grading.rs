//! Grades: Kazakhstan's letter scale, the per-student grade sheet, the final grade (§56–57).
//!
//! The rules:
//! - A mark is a whole percentage 0–100; [`LetterGrade::from_percent`] maps it to the letter, its
//!   grade points and its traditional mark (A 95–100 4.0 … F 0–24 0).
//! - Each grading member marks each student once, on that student's [`GradeSheet`]; a second mark
//!   by the same member is refused, and so is a mark by someone who is not grading.
//! - The final grade is the mean of the members' percentages, rounded half up to a whole
//!   percentage, mapped to its letter; it needs a mark from every grading member.

use super::error::AttestationError;
use super::PersonId;
use crate::model::Translated;
use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;

/// A letter of Kazakhstan's credit-system scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LetterGrade {
    #[serde(rename = "A")]
    A,
    #[serde(rename = "A-")]
    AMinus,
    #[serde(rename = "B+")]
    BPlus,
    #[serde(rename = "B")]
    B,
    #[serde(rename = "B-")]
    BMinus,
    #[serde(rename = "C+")]
    CPlus,
    #[serde(rename = "C")]
    C,
    #[serde(rename = "C-")]
    CMinus,
    #[serde(rename = "D+")]
    DPlus,
    #[serde(rename = "D")]
    D,
    #[serde(rename = "FX")]
    FX,
    #[serde(rename = "F")]
    F,
}

/// The scale, best first: letter, lowest percentage, grade points in hundredths.
const SCALE: [(LetterGrade, u8, u16); 12] = [
    (LetterGrade::A, 95, 400),
    (LetterGrade::AMinus, 90, 367),
    (LetterGrade::BPlus, 85, 333),
    (LetterGrade::B, 80, 300),
    (LetterGrade::BMinus, 75, 267),
    (LetterGrade::CPlus, 70, 233),
    (LetterGrade::C, 65, 200),
    (LetterGrade::CMinus, 60, 167),
    (LetterGrade::DPlus, 55, 133),
    (LetterGrade::D, 50, 100),
    (LetterGrade::FX, 25, 0),
    (LetterGrade::F, 0, 0),
];

impl LetterGrade {
    /// Every letter, best first.
    pub const ALL: [LetterGrade; 12] = [
        LetterGrade::A,
        LetterGrade::AMinus,
        LetterGrade::BPlus,
        LetterGrade::B,
        LetterGrade::BMinus,
        LetterGrade::CPlus,
        LetterGrade::C,
        LetterGrade::CMinus,
        LetterGrade::DPlus,
        LetterGrade::D,
        LetterGrade::FX,
        LetterGrade::F,
    ];

    /// The letter of a percentage 0–100.
    pub fn from_percent(percent: u8) -> Result<LetterGrade, AttestationError> {
        if percent > 100 {
            return Err(AttestationError::PercentOutOfRange { percent });
        }
        let (letter, ..) = SCALE.iter().find(|(_, lowest, _)| percent >= *lowest).expect("F starts at 0");
        Ok(*letter)
    }

    fn row(self) -> usize {
        LetterGrade::ALL.iter().position(|&letter| letter == self).expect("every letter is in ALL")
    }

    /// The percentages of the letter, e.g. 90..=94 for A-.
    pub fn percent_range(self) -> RangeInclusive<u8> {
        let row = self.row();
        let highest = if row == 0 { 100 } else { SCALE[row - 1].1 - 1 };
        SCALE[row].1..=highest
    }

    /// Grade points in hundredths (A- is 367, that is 3.67), exact for sums and protocols.
    pub fn points_hundredths(self) -> u16 {
        SCALE[self.row()].2
    }

    /// Grade points as a number (3.67 for A-).
    pub fn points(self) -> f64 {
        f64::from(self.points_hundredths()) / 100.0
    }

    /// The letter as written: "A-", "FX".
    pub fn symbol(self) -> &'static str {
        ["A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "FX", "F"][self.row()]
    }

    /// FX and F are unsatisfactory: no degree, no retake in the same attestation period.
    pub fn is_satisfactory(self) -> bool {
        self < LetterGrade::FX
    }

    /// The traditional mark: excellent (A, A-), good (B+ … C+), satisfactory (C … D),
    /// unsatisfactory (FX, F).
    pub fn traditional(self) -> Translated {
        match self {
            LetterGrade::A | LetterGrade::AMinus => const { crate::messages::text("grade_excellent") },
            LetterGrade::BPlus | LetterGrade::B | LetterGrade::BMinus | LetterGrade::CPlus => {
                const { crate::messages::text("grade_good") }
            }
            LetterGrade::C | LetterGrade::CMinus | LetterGrade::DPlus | LetterGrade::D => {
                const { crate::messages::text("grade_satisfactory") }
            }
            LetterGrade::FX | LetterGrade::F => const { crate::messages::text("grade_unsatisfactory") },
        }
    }
}

/// A grade with its percentage. Stored as both; reading a letter that does not match the
/// percentage is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "StoredGrade")]
pub struct Grade {
    pub percent: u8,
    pub letter: LetterGrade,
}

impl Grade {
    pub fn from_percent(percent: u8) -> Result<Grade, AttestationError> {
        Ok(Grade { percent, letter: LetterGrade::from_percent(percent)? })
    }
}

/// A grade as read back, checked before it becomes a [`Grade`].
#[derive(Deserialize)]
struct StoredGrade {
    percent: u8,
    letter: LetterGrade,
}

impl TryFrom<StoredGrade> for Grade {
    type Error = String;

    fn try_from(stored: StoredGrade) -> Result<Grade, String> {
        let grade = Grade::from_percent(stored.percent).map_err(|error| error.to_string())?;
        if grade.letter != stored.letter {
            return Err(format!(
                "{}% is {}, not {}",
                stored.percent,
                grade.letter.symbol(),
                stored.letter.symbol()
            ));
        }
        Ok(grade)
    }
}

/// One member's mark for one student.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberMark {
    pub member: PersonId,
    pub grade: Grade,
}

/// The form of one student: one mark per grading member (§57).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeSheet {
    pub student: PersonId,
    pub marks: Vec<MemberMark>,
}

impl GradeSheet {
    pub fn new(student: PersonId) -> GradeSheet {
        GradeSheet { student, marks: Vec::new() }
    }

    /// Records `member`'s mark; `graders` are the members who grade this student.
    pub fn record(
        &mut self,
        member: PersonId,
        percent: u8,
        graders: &[PersonId],
    ) -> Result<(), AttestationError> {
        if !graders.contains(&member) {
            return Err(AttestationError::NotAGrader { member });
        }
        if self.marks.iter().any(|mark| mark.member == member) {
            return Err(AttestationError::AlreadyGraded { member });
        }
        let grade = Grade::from_percent(percent)?;
        self.marks.push(MemberMark { member, grade });
        Ok(())
    }

    /// The graders who have not marked the student yet.
    pub fn missing(&self, graders: &[PersonId]) -> Vec<PersonId> {
        graders
            .iter()
            .copied()
            .filter(|grader| self.marks.iter().all(|mark| mark.member != *grader))
            .collect()
    }

    /// The final grade: the mean percentage rounded half up, once every grader has marked.
    pub fn final_grade(&self, graders: &[PersonId]) -> Result<Grade, AttestationError> {
        let missing = self.missing(graders);
        if !missing.is_empty() || self.marks.is_empty() {
            return Err(AttestationError::MarksMissing { missing: missing.len() });
        }
        let count = self.marks.len() as u32;
        let sum: u32 = self.marks.iter().map(|mark| u32::from(mark.grade.percent)).sum();
        // Half up in whole numbers: floor(sum / count + 1/2) = floor((2 sum + count) / 2 count).
        let mean = (2 * sum + count) / (2 * count);
        Grade::from_percent(mean as u8)
    }
}
