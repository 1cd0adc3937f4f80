//! Tests of the calendar rules.
