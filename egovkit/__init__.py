"""egovkit: plan, check and publish a municipality's E-Government strategy."""

__version__ = "0.1.0"
