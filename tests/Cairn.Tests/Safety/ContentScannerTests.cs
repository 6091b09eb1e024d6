using System.Text.Json.Nodes;
using Cairn.Safety;

namespace Cairn.Tests.Safety;

[Trait("Storage", "None")]
public sealed class ContentScannerTests
{
    [Theory]
    [InlineData("export OPENAI_API_KEY=sk-proj-4f8Hq2LmN9xYz7TpQ1wErT5u", "openai_api_key")]
    [InlineData("use sk-abcdefghijklmnopqrstuvwx123456 for the call", "openai_api_key")]
    [InlineData("token ghp_16C7e42F292c6912E7710c838347Ae178B4a1234 in CI", "github_token")]
    [InlineData("github_pat_11ABCDEFG0123456789_abcdefghijklmnop", "github_token")]
    [InlineData("my key is plrm_live_abc123def456", "agent_api_key")]
    [InlineData("cairn_live_Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0", "agent_api_key")]
    [InlineData("aws_access_key_id = AKIAIOSFODNN7EXAMPLF", "aws_access_key_id")]
    [InlineData("key=AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI", "google_api_key")]
    [InlineData("SLACK=xoxb-123456789012-abcdefABCDEF", "slack_token")]
    [InlineData("stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", "stripe_key")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=x;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==", "azure_storage_key")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "jwt")]
    [InlineData("curl -H 'Authorization: Bearer a8f3k29dk3l0qpz7x1c4v6b8n0m2'", "bearer_token")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----", "private_key")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----", "private_key")]
    [InlineData("postgresql://admin:S3cretPw@db.internal:5432/app", "url_credentials")]
    [InlineData("mongodb+srv://user:hunter2@cluster0.mongodb.net", "url_credentials")]
    [InlineData("redis://default:p4ssw0rd@cache:6379", "url_credentials")]
    [InlineData("DB_PASSWORD=Tr0ub4dor3", "generic_secret_assignment")]
    [InlineData("password: \"correct horse battery\"", "generic_secret_assignment")]
    [InlineData("Server=sql1;User Id=sa;Password=Passw0rd123;", "connection_string_password")]
    [InlineData("client_secret = 'q8v~Xr2.Lp9'", "generic_secret_assignment")]
    [InlineData("the replica is at 10.0.4.17", "private_ip")]
    [InlineData("connect to 192.168.1.20:5432", "private_ip")]
    [InlineData("172.20.3.4 is the broker", "private_ip")]
    [InlineData("mail jane.doe@contoso.com for access", "email")]
    public void SecretsAndPersonalDataAreFound(string text, string kind)
    {
        var findings = ContentScanner.Scan("text", text);

        Assert.Contains(findings, f => f.Kind == kind);
    }

    [Theory]
    [InlineData("Set up PostgreSQL streaming replication for read replicas")]
    [InlineData("password = request.form['password']")]
    [InlineData("if (password.Length < 8) return Invalid(\"password too short\");")]
    [InlineData("def check(password): return bcrypt.verify(password, stored)")]
    [InlineData("DB_PASSWORD=${DB_PASSWORD}")]
    [InlineData("password: <your-password>")]
    [InlineData("api_key = os.environ[\"OPENAI_API_KEY\"]")]
    [InlineData("Authorization: Bearer YOUR_API_KEY")]
    [InlineData("Authorization: Bearer $TOKEN")]
    [InlineData("postgresql://localhost:5432/app")]
    [InlineData("postgres://user:${PGPASSWORD}@host/db")]
    [InlineData("the risk-free rate is 4.5% and task-specific skills")]
    [InlineData("ask-permission-first and desk-job")]
    [InlineData("allow 10.0.0.0/8 and 192.168.0.0/16 in the security group")]
    [InlineData("listen on 127.0.0.1:8080 or 0.0.0.0")]
    [InlineData("version 10.2.3.4.5 of the tool")]
    [InlineData("write to admin@example.com or ops@corp.example")]
    [InlineData("git clone git@github.com:org/repo.git")]
    [InlineData("pg_basebackup -h primary -D /var/lib/postgresql/data -U replicator -Fp -Xs -P")]
    [InlineData("the token bucket refills at 10 tokens per second")]
    [InlineData("set the password_min_length: 12 policy")]
    public void OrdinaryTechnicalTextIsNotFlagged(string text)
    {
        var findings = ContentScanner.Scan("text", text);

        Assert.True(findings.Count == 0, $"False positive: {string.Join(", ", findings.Select(f => f.Kind))}");
    }

    [Fact]
    public void FindingsNameTheJsonPathButNeverTheSecret()
    {
        var content = JsonNode.Parse("""
            {"goal": "Deploy", "dead_ends": [{"what": "tried", "why": "key sk-abcdefghijklmnopqrstuvwx123456 leaked"}], "tools_used": ["docker"]}
            """);

        var findings = ContentScanner.Scan(content);

        var finding = Assert.Single(findings);
        Assert.Equal("dead_ends[0].why", finding.Field);
        Assert.Equal("openai_api_key", finding.Kind);
        var problem = Assert.Throws<Cairn.Errors.ValidationFailedException>(() => ContentScanner.ThrowIfSensitive(findings));
        Assert.Equal("sensitive_content", problem.Code);
        Assert.DoesNotContain("abcdefghij", problem.Message + string.Join("", problem.Errors!.SelectMany(e => e.Value)));
    }

    [Fact]
    public void RedactionMasksWhatTheRulesFindAndKeepsTheRest()
    {
        var redacted = ContentScanner.Redact("deploy with ghp_16C7e42F292c6912E7710c838347Ae178B4a1234 and mail ops@contoso.com");

        Assert.Equal("deploy with [REDACTED:github_token] and mail [REDACTED:email]", redacted);
        Assert.Empty(ContentScanner.Scan("text", redacted));
    }

    [Fact]
    public void ASecretHiddenInBase64InsideJsonKeysIsFoundToo()
    {
        var content = JsonNode.Parse("""{"notes": {"ZGJfcGFzc3dvcmQ9VHIwdWI0ZG9yMyFx": "see key"}}""");

        Assert.Contains(ContentScanner.Scan(content), f => f.Field == "notes (a key)" && f.Kind == "generic_secret_assignment");
    }
}
