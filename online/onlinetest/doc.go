// Package onlinetest is the conformance suite every online store passes
// (Run), the test views it uses, and the test services it connects to
// (Redis at PITGATE_TEST_REDIS, PostgreSQL at PITGATE_TEST_PG: skipped when
// unreachable, failed under CI=true). It is imported by tests only.
package onlinetest
