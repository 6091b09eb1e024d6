namespace Cairn.Search;

/// <summary>A document or query the index cannot take (too long, wrong vector size, bad limit); the message says what to fix.</summary>
public sealed class InvalidSearchInputException(string message) : ArgumentException(message);
