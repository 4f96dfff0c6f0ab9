# Nothing but comments.
