namespace Cairn.Search;

// A document or query the index cannot take (too long, wrong vector size, bad limit); the message says what to fix.
public sealed class InvalidSearchInputException(string message) : ArgumentException(message);
