"""Extractors: parsed article -> mentions + assertions. Registered in ``kg_builder.extractors``."""
