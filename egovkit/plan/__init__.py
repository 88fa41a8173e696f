"""Stage 3: dependency graph, working-day calendar and critical-path schedule → Plan."""
