"""Plain text: finding a teacher's quote in a document, and splitting a passage into words a student can mark.
The lowest layer, pure: the item types and the exercise files both build on it."""
