"""Views: read the model and draw it (3D surface, contour, curves, equations, network plots).

A view never writes the state and never imports a control or a window.
"""
