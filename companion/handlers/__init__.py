"""Thin HTTP handlers: decode, call a service, encode."""
