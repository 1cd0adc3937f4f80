//! Tests of the grading rules.
