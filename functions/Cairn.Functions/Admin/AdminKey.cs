using System.Security.Cryptography;
using System.Text;
using Cairn.Errors;
using Microsoft.Extensions.Options;

namespace Cairn.Admin;

// Guards operator endpoints with a shared key separate from agents' API keys. Without a configured key the endpoints
// answer 404 as if absent: an unconfigured deployment exposes no admin surface at all.
public static class AdminKey
{
    public const string Header = "X-Admin-Key";

    public static IServiceCollection AddAdminKey(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section)
            .Validate(o => !o.Enabled || o.ApiKey!.Trim().Length >= AdminOptions.MinimumKeyLength,
                $"{AdminOptions.Section}:{nameof(AdminOptions.ApiKey)} must be at least {AdminOptions.MinimumKeyLength} characters (e.g. `openssl rand -base64 32`), or unset to turn the admin endpoints off.")
            .ValidateOnStart();
        return services;
    }

    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AdminKeyMetadata()).AddEndpointFilter(async (context, next) =>
        {
            var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value;
            if (!options.Enabled)
            {
                // Empty 404: the status-code pages turn it into the same ProblemDetails as an unknown path.
                return TypedResults.NotFound();
            }
            var sent = context.HttpContext.Request.Headers[Header].ToString();
            if (sent.Length == 0)
            {
                throw ApiProblem.Unauthorized($"This endpoint needs the admin key: send it in the '{Header}' header.");
            }
            if (!Matches(sent, options.ApiKey!.Trim()))
            {
                throw ApiProblem.Unauthorized($"The '{Header}' header does not hold the admin key.");
            }
            return await next(context);
        });

    // Constant-time comparison; hashing first hides the key's length too.
    internal static bool Matches(string sent, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(sent)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}

// Marks endpoints behind AdminKey, so the OpenAPI document can say which key they need.
public sealed class AdminKeyMetadata;
