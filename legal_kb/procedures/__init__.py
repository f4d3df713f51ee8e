"""Administrative procedures (thủ tục hành chính): content, import, matching, answers, feedback and handoff."""
