"""Export: file writers, the offscreen frame renderer, the export dialog, the headless CLI,
window capture and the virtual display.  Renders from the model and the views.
"""
