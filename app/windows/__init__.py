"""Windows: the main window and the Network window, which assemble views and controls.
"""
