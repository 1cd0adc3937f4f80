//! Tests of the vote rules.
