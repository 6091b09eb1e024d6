using Cairn.Errors;

namespace Cairn.Safety;

// The content scanner's secret rules (not personal data: an address in a path is not worth the cost) over log text.
public sealed class SecretLogRedactor : ILogRedactor
{
    public string Redact(string text) => ContentScanner.Redact(text, includePersonalData: false);
}

public static class SafetyRegistration
{
    public static IServiceCollection AddCairnSafety(this IServiceCollection services) =>
        services.AddSingleton<ILogRedactor, SecretLogRedactor>();
}
