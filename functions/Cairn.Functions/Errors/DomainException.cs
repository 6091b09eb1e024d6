namespace Cairn.Errors;

// A rule of the domain, broken. Services throw these; ErrorHandling.Translate gives each kind its HTTP status, in one place.
public abstract class DomainException(string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null) : Exception(detail)
{
    // Stable and machine-readable: the problem's "code".
    public string Code { get; } = code;

    // Field → the rules it breaks, keyed by the JSON name the caller sent.
    public IReadOnlyDictionary<string, string[]>? Errors { get; } = errors;

    public TimeSpan? RetryAfter { get; init; }

    protected static Dictionary<string, string[]> One(string field, string message) => new() { [field] = [message] };
}

// Input that breaks a rule of the domain (validation_failed, or a more specific code such as sensitive_content).
public sealed class ValidationFailedException(string code, string detail, IReadOnlyDictionary<string, string[]> errors)
    : DomainException(code, detail, errors)
{
    public ValidationFailedException(IReadOnlyDictionary<string, string[]> errors) : this("validation_failed", Describe(errors), errors)
    {
    }

    public ValidationFailedException(string field, string message) : this(One(field, message))
    {
    }

    private static string Describe(IReadOnlyDictionary<string, string[]> errors) =>
        string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
}

// A value that cannot be read as what it claims to be (a cursor, an identifier, a typed argument).
public sealed class BadInputException(string code, string detail, string? field = null)
    : DomainException(code, detail, field is null ? null : One(field, detail));

public sealed class NotAuthenticatedException(string detail) : DomainException("unauthorized", detail);

public sealed class ForbiddenException(string detail) : DomainException("forbidden", detail);

// Absent, or present but not the caller's to see: both read the same, so nothing leaks.
public sealed class NotFoundException(string code, string detail) : DomainException(code, detail)
{
    public NotFoundException(string what) : this("not_found", $"{what} was not found.")
    {
    }
}

// The thing's state forbids the change (it exists already, it has ended, it is full).
public sealed class ConflictException(string code, string detail) : DomainException(code, detail);

// The caller's If-Match names a version that is no longer current.
public sealed class StaleVersionException(string detail) : DomainException("precondition_failed", detail);

public sealed class TooLargeException(string code, string detail) : DomainException(code, detail);

public sealed class UnsupportedContentException(string detail) : DomainException("unsupported_media_type", detail);

public sealed class QuotaExceededException(string code, string detail) : DomainException(code, detail);

// A feature whose key or setting is missing on this deployment.
public sealed class NotConfiguredException(string code, string detail) : DomainException(code, detail);

// What is stored cannot be returned as it was written (a failed integrity check, a removed key): never the caller's fault.
public sealed class UnreadableDataException(string code, string detail) : DomainException(code, detail);
