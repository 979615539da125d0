namespace FlowRuns.Web.Demo;

/// <summary>Fifty demo customers with varied attributes: segments, employment, limits, areas, opt-outs, a few without a phone.</summary>
public static class DemoContacts
{
    private static readonly string[] FirstNames = ["Ana", "Ben", "Chloe", "Dev", "Elif", "Farid", "Grace", "Hugo", "Ines", "Jon", "Kemi", "Luca", "Mara", "Nils", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara", "Uma", "Viktor", "Wen", "Xavi", "Yara"];
    private static readonly string[] LastNames = ["Silva", "Okafor", "Martin", "Patel", "Yilmaz", "Haddad", "Kim", "Moreau", "Costa", "Berg"];
    private static readonly string[] Segments = ["premium", "standard", "standard", "basic"];
    private static readonly string[] Employment = ["employed", "employed", "employed", "unemployed", "self-employed"];
    private static readonly string[] Areas = ["north", "south", "east", "west"];

    public const int Count = 50;

    public sealed record DemoContact(string Id, string Name, string Email, string? Phone, Dictionary<string, object?> Attributes);

    public static IReadOnlyList<DemoContact> Create(int count = Count)
    {
        var random = new Random(20261122);
        var contacts = new List<DemoContact>();
        for (var i = 1; i <= count; i++)
        {
            var first = FirstNames[(i - 1) % FirstNames.Length];
            var last = LastNames[random.Next(LastNames.Length)];
            var attributes = new Dictionary<string, object?>
            {
                ["firstName"] = first,
                ["customerSegment"] = Segments[random.Next(Segments.Length)],
                ["employmentStatus"] = Employment[random.Next(Employment.Length)],
                ["creditLimit"] = (decimal)(random.Next(2, 40) * 1000),
                ["area"] = Areas[random.Next(Areas.Length)],
                ["balance"] = (decimal)random.Next(200, 30000),
                ["creditAmount"] = "€" + random.Next(5, 30),
                ["smsOptOut"] = i % 9 == 0,
                ["emailOptOut"] = i % 13 == 0,
            };
            var phone = i % 7 == 0 ? null : $"+4915{random.Next(10000000, 99999999)}";
            contacts.Add(new DemoContact($"c-{i}", $"{first} {last}", $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}{i}@example.com", phone, attributes));
        }
        return contacts;
    }
}
