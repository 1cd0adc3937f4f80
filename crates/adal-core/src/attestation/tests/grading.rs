//! Tests of the letter scale, the grade sheets and the final grade.

use crate::attestation::grading::{Grade, GradeSheet, LetterGrade};
use crate::attestation::AttestationError;

fn check(percent: u8, symbol: &str, points_hundredths: u16) {
    let letter = LetterGrade::from_percent(percent).unwrap();
    assert_eq!((letter.symbol(), letter.points_hundredths()), (symbol, points_hundredths), "{percent}%");
}

#[test]
fn every_boundary_of_the_scale() {
    check(100, "A", 400);
    check(95, "A", 400);
    check(94, "A-", 367);
    check(90, "A-", 367);
    check(89, "B+", 333);
    check(85, "B+", 333);
    check(84, "B", 300);
    check(80, "B", 300);
    check(79, "B-", 267);
    check(75, "B-", 267);
    check(74, "C+", 233);
    check(70, "C+", 233);
    check(69, "C", 200);
    check(65, "C", 200);
    check(64, "C-", 167);
    check(60, "C-", 167);
    check(59, "D+", 133);
    check(55, "D+", 133);
    check(54, "D", 100);
    check(50, "D", 100);
    check(49, "FX", 0);
    check(25, "FX", 0);
    check(24, "F", 0);
    check(0, "F", 0);
    assert_eq!(LetterGrade::from_percent(101), Err(AttestationError::PercentOutOfRange { percent: 101 }));
}

#[test]
fn the_ranges_cover_zero_to_one_hundred_without_gaps() {
    for percent in 0..=100u8 {
        let letter = LetterGrade::from_percent(percent).unwrap();
        assert!(letter.percent_range().contains(&percent), "{percent} {letter:?}");
        let holders = LetterGrade::ALL.iter().filter(|l| l.percent_range().contains(&percent)).count();
        assert_eq!(holders, 1, "{percent}");
    }
    assert_eq!(LetterGrade::AMinus.percent_range(), 90..=94);
    assert_eq!(LetterGrade::FX.percent_range(), 25..=49);
    assert_eq!(LetterGrade::F.percent_range(), 0..=24);
    assert!((LetterGrade::AMinus.points() - 3.67).abs() < 1e-9);
}

#[test]
fn fx_and_f_are_unsatisfactory_with_their_traditional_marks() {
    assert!(LetterGrade::D.is_satisfactory());
    assert!(!LetterGrade::FX.is_satisfactory());
    assert!(!LetterGrade::F.is_satisfactory());
    assert_eq!(LetterGrade::AMinus.traditional().ru, "отлично");
    assert_eq!(LetterGrade::CPlus.traditional().ru, "хорошо");
    assert_eq!(LetterGrade::C.traditional().ru, "удовлетворительно");
    assert_eq!(LetterGrade::D.traditional().kk, "қанағаттанарлық");
    assert_eq!(LetterGrade::FX.traditional().en, "unsatisfactory");
}

#[test]
fn letters_serialize_as_written() {
    assert_eq!(serde_json::to_string(&LetterGrade::AMinus).unwrap(), "\"A-\"");
    assert_eq!(serde_json::from_str::<LetterGrade>("\"FX\"").unwrap(), LetterGrade::FX);
    let grade = Grade::from_percent(91).unwrap();
    let json = serde_json::to_string(&grade).unwrap();
    assert_eq!(json, r#"{"percent":91,"letter":"A-"}"#);
    assert_eq!(serde_json::from_str::<Grade>(&json).unwrap(), grade);
    assert!(
        serde_json::from_str::<Grade>(r#"{"percent":91,"letter":"A"}"#).is_err(),
        "letter and percent disagree"
    );
    assert!(serde_json::from_str::<Grade>(r#"{"percent":101,"letter":"A"}"#).is_err());
}

const GRADERS: [u64; 3] = [100, 101, 102];

fn sheet(marks: &[(u64, u8)]) -> GradeSheet {
    let mut sheet = GradeSheet::new(1);
    for &(member, percent) in marks {
        sheet.record(member, percent, &GRADERS).unwrap();
    }
    sheet
}

#[test]
fn each_member_grades_once_and_only_graders_grade() {
    let mut sheet = sheet(&[(100, 80)]);
    assert_eq!(sheet.record(100, 95, &GRADERS), Err(AttestationError::AlreadyGraded { member: 100 }));
    assert_eq!(sheet.marks[0].grade, Grade { percent: 80, letter: LetterGrade::B }, "the first mark stands");
    assert_eq!(sheet.record(7, 90, &GRADERS), Err(AttestationError::NotAGrader { member: 7 }));
    assert_eq!(sheet.record(101, 120, &GRADERS), Err(AttestationError::PercentOutOfRange { percent: 120 }));
    assert_eq!(sheet.missing(&GRADERS), [101, 102]);
    assert_eq!(sheet.final_grade(&GRADERS), Err(AttestationError::MarksMissing { missing: 2 }));
}

fn final_of(percents: &[u8]) -> (u8, &'static str) {
    let graders: Vec<u64> = (0..percents.len() as u64).collect();
    let mut sheet = GradeSheet::new(1);
    for (member, &percent) in graders.iter().zip(percents) {
        sheet.record(*member, percent, &graders).unwrap();
    }
    let grade = sheet.final_grade(&graders).unwrap();
    (grade.percent, grade.letter.symbol())
}

#[test]
fn the_final_grade_is_the_mean_rounded_half_up() {
    assert_eq!(final_of(&[90, 91]), (91, "A-"));
    assert_eq!(final_of(&[94, 95]), (95, "A"), "a half crosses into the higher letter");
    assert_eq!(final_of(&[89, 90, 90]), (90, "A-"));
    assert_eq!(final_of(&[84, 85]), (85, "B+"));
    assert_eq!(final_of(&[49, 50]), (50, "D"));
    assert_eq!(final_of(&[50, 49, 49]), (49, "FX"));
    assert_eq!(final_of(&[100, 100, 100, 100, 100]), (100, "A"));
    assert_eq!(final_of(&[0]), (0, "F"));
    assert_eq!(sheet(&[(100, 70), (101, 71), (102, 71)]).final_grade(&GRADERS).unwrap().percent, 71);
}

#[test]
fn no_final_grade_without_graders() {
    assert_eq!(GradeSheet::new(1).final_grade(&[]), Err(AttestationError::MarksMissing { missing: 0 }));
}
