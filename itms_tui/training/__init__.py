"""Trainee mode, without a screen: tasks from scenarios, grading with the rules behind each
mistake, courses (curricula), trainee records, reports, and the session recorder.

Nothing here imports Textual: the app (`itms_tui.ui.trainee`) only shows what these modules decide.
"""
