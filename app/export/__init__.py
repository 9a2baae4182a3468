"""Export: file writers, the one frame loop, the offscreen frame renderer, the export dialog
and its runner, the headless CLI, window capture and the virtual display.  Renders from the
model and the views.

The Qt-free pipeline, bottom up: ``files`` (formats, errors, atomic writes via core.atomic),
``images`` and ``video`` (frame writers), ``frameloop`` (open_writer, BackgroundWriter,
FrameLoop, export_animation), ``writers`` (their public face); ``data_text`` (CSV/JSON),
``scene_source`` and ``cli_parser`` (the command line), ``cli`` (``gradscape export``).  With
Qt: ``capture``, ``display``, ``render`` (FrameRenderer), ``runner`` (ExportRunner),
``dialog`` (ExportDialog), ``controller`` (ExportController, the File menu).
"""
