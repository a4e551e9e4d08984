"""Loading and validation: from a content folder to the typed model (:mod:`kbgen.model`) and its problems."""
