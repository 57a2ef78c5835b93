/**
 * Human ranking studies (issue 7) apart from HTTP and SQL: opaque ids and share tokens, the plan of
 * tasks with shared seeds and repeats, each rater's blind orders, and the results a study's judgements give.
 */
package dev.telltale.backend.study;
