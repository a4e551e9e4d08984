"""kbgen: a static, searchable help center ("Central de Ajuda") built with Sphinx."""

__version__ = "0.1.0"
