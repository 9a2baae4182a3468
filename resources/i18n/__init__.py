"""The app's translations: ``gradscape_<lang>.ts`` (the source) beside its compiled ``.qm``."""
