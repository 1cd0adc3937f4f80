//! Tests of the appeals rules.
