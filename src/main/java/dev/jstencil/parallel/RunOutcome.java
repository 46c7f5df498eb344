package dev.jstencil.parallel;

/** How a run ended: all steps done, or cancelled after {@code completedSteps}. */
public record RunOutcome(long completedSteps, boolean cancelled) {
}
