package dev.telltale.backend.store;

import java.util.List;

/** One page of runs and how many match in all. */
public record RunPage(List<RunView> runs, int total, int limit, int offset) {}
