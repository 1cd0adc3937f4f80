//! Tests of the schedule rules.
