"""The Textual app: the agent desk beside the consumer's phone."""
