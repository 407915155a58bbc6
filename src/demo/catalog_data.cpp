// The demo's static applikationsportfölj: e-services of the City of Stockholm with
// their owners (nämnder and bolag), IT category, focus area of the programme for
// digital renewal, and the alternative contact routes citizens are shown while a
// service is down. Names follow the city's own wording; figures are invented.
#include "demo/generator.h"

namespace followup::demo {
namespace {

constexpr AlternativeDef kKontaktcenter{"phone", "Kontaktcenter Stockholm", "08-508 00 508"};
constexpr AlternativeDef kMedborgarkontor{"visit", "Medborgarkontoret i Skärholmen", "Skärholmsvägen 2"};
constexpr AlternativeDef kStadsdelskontor{
    "visit", "Ditt stadsdelskontor",
    "https://start.stockholm/om-stockholms-stad/organisation/stadsdelsomraden/"};
constexpr AlternativeDef kSbkKundtjanst{"visit", "Stadsbyggnadskontorets kundtjänst", "Fleminggatan 4"};
constexpr AlternativeDef kSbkEpost{"email", "Stadsbyggnadskontoret", "stadsbyggnadskontoret@stockholm.se"};
constexpr AlternativeDef kStadsbiblioteket{"visit", "Stadsbiblioteket", "Sveavägen 73"};
constexpr AlternativeDef kSvoaKundservice{"phone", "Stockholm Vatten och Avfall kundservice",
                                          "08-522 120 00"};
constexpr AlternativeDef kSvoaEpost{"email", "Stockholm Vatten och Avfall", "kundservice@svoa.se"};
constexpr AlternativeDef kSocEpost{"email", "Socialförvaltningen", "socialforvaltningen@stockholm.se"};

// clang-format off
std::vector<ServiceDef> Build() {
  using R = DemoRole;
  // id, name, owner, category, focus area, url, alternatives, presents_case_status,
  // wcag_aa, investment_sek, latency_threshold_ms (0 = default), retired,
  // base monthly cases, demo role, role slot
  return {
      {"forskoleplats", "Ansök om förskoleplats", "Utbildningsnämnden", "differentierande", 1,
       "https://start.stockholm/forskola-och-skola/forskola/ansok-om-forskoleplats/",
       {kKontaktcenter, kMedborgarkontor}, true, true, 1'850'000, 1500, false, 4800, R::kNormal, 0},
      {"skolval", "Skolval", "Utbildningsnämnden", "differentierande", 1,
       "https://start.stockholm/forskola-och-skola/skolval/", {kKontaktcenter, {"web",
       "Skolvalsguiden", "https://start.stockholm/forskola-och-skola/skolval/"}}, true, true,
       2'400'000, 2000, false, 6200, R::kNormal, 0},
      {"fritidshem", "Ansök om plats på fritidshem", "Utbildningsnämnden", "grundlaggande", 1,
       "https://start.stockholm/forskola-och-skola/fritidshem/ansok/", {kKontaktcenter}, true, true,
       650'000, 0, false, 2100, R::kNormal, 0},
      {"skolskjuts", "Ansök om skolskjuts", "Utbildningsnämnden", "grundlaggande", 1,
       "https://start.stockholm/forskola-och-skola/grundskola/skolskjuts/", {kKontaktcenter,
       {"email", "Utbildningsförvaltningen", "skolskjuts@stockholm.se"}}, true, false, 420'000, 0,
       false, 380, R::kNormal, 0},
      {"kulturskolan", "Anmälan till Kulturskolan", "Kulturnämnden", "differentierande", 1,
       "https://start.stockholm/uppleva-och-gora/kulturskolan/anmalan/", {kKontaktcenter, {"email",
       "Kulturskolan Stockholm", "kulturskolan@stockholm.se"}}, false, true, 780'000, 0, false,
       1900, R::kOutageCycle, 1},
      {"bibliotekskonto", "Bibliotekskonto", "Kulturnämnden", "grundlaggande", 1,
       "https://start.stockholm/uppleva-och-gora/bibliotek/mitt-konto/", {kStadsbiblioteket,
       kKontaktcenter}, false, true, 950'000, 1000, false, 9500, R::kDegradedCycle, 0},
      {"stadsarkivet", "Sök i Stadsarkivet", "Kulturnämnden", "innovativt", 2,
       "https://start.stockholm/uppleva-och-gora/stadsarkivet/sok/", {{"visit",
       "Stadsarkivets forskarsal", "Kungsklippan 6"}, kKontaktcenter}, false, false, 1'300'000,
       3000, false, 1400, R::kNormal, 0},
      {"felanmalan", "Felanmälan gata och park", "Trafiknämnden", "grundlaggande", 1,
       "https://start.stockholm/felanmalan/gata-och-park/", {kKontaktcenter, {"email",
       "Trafikkontoret", "trafikkontoret@stockholm.se"}}, true, true, 1'100'000, 1500, false, 7300,
       R::kNormal, 0},
      {"parkeringstillstand", "Parkeringstillstånd", "Trafiknämnden", "grundlaggande", 1,
       "https://start.stockholm/parkering/parkeringstillstand/boende/", {kKontaktcenter,
       kMedborgarkontor}, true, true, 890'000, 0, false, 3600, R::kNormal, 0},
      {"parkering-rorelsehindrad", "Parkeringstillstånd för rörelsehindrade", "Trafiknämnden",
       "grundlaggande", 1, "https://start.stockholm/parkering/parkeringstillstand/rorelsehindrad/",
       {kKontaktcenter, kMedborgarkontor, {"web", "Blankett för ansökan på papper",
       "https://start.stockholm/blanketter/"}}, true, true, 560'000, 0, false, 640, R::kNormal, 0},
      {"markupplatelse", "Ansök om tillstånd att använda offentlig plats", "Trafiknämnden",
       "differentierande", 4,
       "https://start.stockholm/tillstand-regler-och-tillsyn/offentlig-plats/", {kKontaktcenter},
       true, false, 1'450'000, 0, false, 820, R::kNormal, 0},
      {"bygglov", "Ansök om bygglov", "Stadsbyggnadsnämnden", "differentierande", 1,
       "https://start.stockholm/bygga-bo-och-miljo/bygglov/ansok-om-bygglov/", {kSbkKundtjanst,
       kKontaktcenter, kSbkEpost}, true, true, 3'200'000, 3000, false, 1250, R::kSlowCycle, 0},
      {"nybyggnadskarta", "Beställ nybyggnadskarta", "Stadsbyggnadsnämnden", "grundlaggande", 2,
       "https://start.stockholm/bygga-bo-och-miljo/kartor/nybyggnadskarta/", {kSbkEpost,
       kKontaktcenter}, true, true, 380'000, 0, false, 210, R::kNormal, 0},
      {"bostadsanpassning", "Ansök om bostadsanpassningsbidrag", "Stadsbyggnadsnämnden",
       "grundlaggande", 1, "https://start.stockholm/bygga-bo-och-miljo/bostadsanpassning/",
       {kKontaktcenter, kSbkKundtjanst}, true, true, 720'000, 0, false, 560, R::kNormal, 0},
      {"planer-och-byggprojekt", "Planer och byggprojekt på karta", "Stadsbyggnadsnämnden",
       "innovativt", 2, "https://start.stockholm/bygga-bo-och-miljo/planer-och-byggprojekt/",
       {kSbkKundtjanst}, false, true, 2'100'000, 0, false, 900, R::kNormal, 0},
      {"ekonomiskt-bistand", "Ansök om ekonomiskt bistånd", "Socialnämnden", "differentierande", 1,
       "https://start.stockholm/stod-och-omsorg/ekonomiskt-bistand/ansok/", {kKontaktcenter,
       kStadsdelskontor}, true, true, 4'600'000, 2000, false, 5400, R::kNormal, 0},
      {"serveringstillstand", "Ansök om serveringstillstånd", "Socialnämnden", "differentierande",
       1, "https://start.stockholm/tillstand-regler-och-tillsyn/serveringstillstand/",
       {kKontaktcenter, kSocEpost}, true, false, 1'200'000, 0, false, 260, R::kNormal, 0},
      {"hemtjanst", "Ansök om hemtjänst", "Äldrenämnden", "grundlaggande", 1,
       "https://start.stockholm/aldreomsorg/hemtjanst/ansok/", {kKontaktcenter, kStadsdelskontor},
       true, true, 980'000, 0, false, 1100, R::kNormal, 0},
      {"jobbtorg", "Anmälan till Jobbtorg Stockholm", "Arbetsmarknadsnämnden", "differentierande",
       4, "https://start.stockholm/arbete/jobbtorg-stockholm/", {kKontaktcenter, {"visit",
       "Jobbtorg Stockholm", "Ditt närmaste Jobbtorg"}}, true, true, 1'600'000, 0, false, 1700,
       R::kNormal, 0},
      {"sfi", "Anmälan till sfi", "Arbetsmarknadsnämnden", "grundlaggande", 1,
       "https://start.stockholm/utbildning/sfi/anmalan/", {kKontaktcenter, {"visit",
       "Centrum för vuxenutbildning", "Bergsgatan 33"}}, true, true, 560'000, 1500, false, 2300,
       R::kSlowCycle, 1},
      {"tomtko", "Tomtkön för småhus", "Exploateringsnämnden", "grundlaggande", 1,
       "https://start.stockholm/bygga-bo-och-miljo/tomtkon/", {kKontaktcenter, {"email",
       "Exploateringskontoret", "tomtkon@stockholm.se"}}, false, true, 310'000, 0, false, 450,
       R::kDegradedCycle, 1},
      {"arrende", "Ansök om att arrendera mark", "Exploateringsnämnden", "grundlaggande", 4,
       "https://start.stockholm/bygga-bo-och-miljo/arrende/", {kKontaktcenter}, true, false, 0, 0,
       false, 90, R::kNormal, 0},
      {"livsmedelsregistrering", "Registrera livsmedelsanläggning", "Miljö- och hälsoskyddsnämnden",
       "grundlaggande", 4,
       "https://start.stockholm/tillstand-regler-och-tillsyn/livsmedel/registrera/",
       {kKontaktcenter, {"email", "Miljöförvaltningen", "miljoforvaltningen@stockholm.se"}}, true,
       true, 640'000, 0, false, 310, R::kNormal, 0},
      {"inomhusmiljo-klagomal", "Klagomål på inomhusmiljö", "Miljö- och hälsoskyddsnämnden",
       "grundlaggande", 1, "https://start.stockholm/bygga-bo-och-miljo/inomhusmiljo/klagomal/",
       {kKontaktcenter}, true, false, 270'000, 0, false, 380, R::kNormal, 0},
      {"luftkvalitet", "Luftkvalitet i realtid", "Miljö- och hälsoskyddsnämnden", "innovativt", 5,
       "https://start.stockholm/bygga-bo-och-miljo/luft/luftkvalitet-i-realtid/", {{"web",
       "SLB-analys mätdata", "https://start.stockholm/bygga-bo-och-miljo/luft/"}}, false, true,
       1'750'000, 0, false, 150, R::kNormal, 0},
      {"boka-idrottsanlaggning", "Boka idrottshall och plan", "Idrottsnämnden", "differentierande",
       1, "https://start.stockholm/idrott-och-motion/boka-anlaggning/", {kKontaktcenter, {"email",
       "Idrottsförvaltningens bokning", "bokning.idf@stockholm.se"}}, true, true, 2'300'000, 2000,
       false, 2900, R::kNormal, 0},
      {"simskola", "Anmälan till simskola", "Idrottsnämnden", "grundlaggande", 1,
       "https://start.stockholm/idrott-och-motion/simskola/", {kKontaktcenter}, false, true,
       240'000, 0, false, 1300, R::kOutageCycle, 0},
      {"grovavfall", "Beställ hämtning av grovavfall", "Stockholm Vatten och Avfall AB",
       "grundlaggande", 1, "https://start.stockholm/bygga-bo-och-miljo/avfall/grovavfall/",
       {kSvoaKundservice, kSvoaEpost}, true, true, 830'000, 0, false, 2600, R::kNormal, 0},
      {"vattenmatare", "Rapportera vattenmätarställning", "Stockholm Vatten och Avfall AB",
       "innovativt", 5, "https://start.stockholm/bygga-bo-och-miljo/vatten/matarstallning/",
       {kSvoaKundservice, kSvoaEpost}, false, false, 1'900'000, 0, false, 3100, R::kNormal, 0},
      {"bostadsko", "Bostadskön", "AB Stockholms Bostadsförmedling", "differentierande", 1,
       "https://start.stockholm/bygga-bo-och-miljo/bostad/bostadskon/", {{"phone",
       "Bostadsförmedlingens kundtjänst", "08-508 00 508"}, {"visit",
       "Bostadsförmedlingens kundtjänst", "Fleminggatan 4"}}, true, true, 3'800'000, 2500, false,
       8800, R::kNormal, 0},
      {"stockholmsforslag", "Lämna ett Stockholmsförslag", "Kommunstyrelsen", "innovativt", 5,
       "https://start.stockholm/om-stockholms-stad/sa-arbetar-staden/stockholmsforslag/",
       {kKontaktcenter}, true, true, 1'050'000, 0, false, 600, R::kNormal, 0},
      {"synpunkter", "Lämna synpunkter och klagomål", "Kommunstyrelsen", "grundlaggande", 3,
       "https://start.stockholm/synpunkter/", {kKontaktcenter, {"email", "Stockholms stad",
       "registrator@stockholm.se"}}, true, true, 450'000, 0, false, 2400, R::kNormal, 0},
      {"oppna-data", "Öppna data – Open Stockholm", "Kommunstyrelsen", "innovativt", 2,
       "https://start.stockholm/om-stockholms-stad/oppna-data/", {{"email", "Stadsledningskontoret",
       "oppnadata@stockholm.se"}}, false, true, 700'000, 0, false, 120, R::kNormal, 0},
      {"medarbetare-sjalvservice", "Självservice för medarbetare", "Kommunstyrelsen",
       "grundlaggande", 3, "https://start.stockholm/medarbetare/sjalvservice/", {{"phone",
       "Serviceförvaltningen", "08-508 00 508"}}, true, false, 2'700'000, 0, false, 3900,
       R::kNormal, 0},
      // Replaced by "felanmalan"; retired at the start of the previous quarter.
      {"felanmalan-sms", "Felanmälan via sms", "Trafiknämnden", "grundlaggande", 1,
       "https://start.stockholm/felanmalan/sms/", {kKontaktcenter}, false, false, 150'000, 0, true,
       140, R::kNormal, 0},
  };
}
// clang-format on

}  // namespace

const std::vector<ServiceDef>& Services() {
  static const std::vector<ServiceDef> services = Build();
  return services;
}

}  // namespace followup::demo
