namespace Cairn.Errors;

// Masks secrets in text bound for the logs (a client error's path and detail echo what the caller sent, field names
// and route values included). Implemented by Safety, which Errors may not depend on; none registered = text as is.
public interface ILogRedactor
{
    string Redact(string text);
}
