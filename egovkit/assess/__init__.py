"""Assessments: scores per category, agreement between assessors, benchmarks against a
group, recommendations (docs/assessment.md). Pure computations on the models."""
