"""The words of the generated help centers: sets, modules, tasks and help-desk sentences.

Plain data. Everything here is a tuple, never a set or a dict that is iterated for output,
so the generator's choices depend only on its seeded ``random.Random`` (PYTHONHASHSEED
reorders sets between processes).

The sentences imitate the seed help center (``content/``): imperative steps with menu paths in
bold, error messages quoted from validators, deadlines, roles and the names of the external
systems (SICOM, e-Sfinge, SICONFI, eSocial, PNCP …) that readers search for.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SetSpec:
    slug: str
    title: str
    description: str
    email: str
    phone: str
    menu: str  # first level of the menu path, as in "Fiscal > Nota Fiscal Eletrônica > Cancelar"
    modules: tuple[tuple[str, str], ...]  # (title, description)
    tasks: tuple[str, ...]  # infinitive phrases: "cancelar uma NFS-e"
    problems: tuple[str, ...]  # clauses for "Por que …?": "a guia do ISSQN saiu zerada"
    concepts: tuple[str, ...]  # nouns for "O que é …?"
    systems: tuple[str, ...]  # external systems and validators
    files: tuple[str, ...]  # files or layouts they validate (error families)
    fields: tuple[str, ...]  # form fields
    documents: tuple[str, ...]
    roles: tuple[str, ...]
    tags: tuple[str, ...]
    prefix: str  # error-code prefix: "NFSE", "CONT" …


SETS: tuple[SetSpec, ...] = (
    SetSpec(
        slug="fiscal", title="Fiscal",
        description="Nota Fiscal de Serviço Eletrônica (NFS-e), Escrita Fiscal e declaração do ISSQN para "
                    "prestadores, tomadores e fiscais de tributos.",
        email="atende.fiscal@example.gov.br", phone="(48) 3000-0001", menu="Fiscal",
        modules=(
            ("Nota Fiscal Eletrônica", "Emissão, cancelamento, substituição e consulta de NFS-e."),
            ("Escrita Fiscal", "Declaração de serviços prestados e tomados e guias do ISSQN."),
            ("Simples Nacional", "Alíquotas, sublimites e apuração do ISSQN de optantes do Simples."),
            ("Recibo Provisório de Serviços", "Conversão de RPS em NFS-e, lotes e prazos."),
            ("Fiscalização", "Ações fiscais, autos de infração e termos de início de fiscalização."),
            ("Cadastro Mobiliário", "Inscrição, alteração e baixa de empresas e autônomos."),
            ("Instituições Financeiras", "DES-IF, plano de contas COSIF e apuração do ISSQN bancário."),
            ("Construção Civil", "Obras, dedução de materiais e ISSQN da construção civil."),
        ),
        tasks=(
            "emitir uma NFS-e", "cancelar uma NFS-e", "substituir uma NFS-e emitida com erro",
            "consultar uma NFS-e emitida", "declarar serviços tomados", "emitir a guia do ISSQN",
            "retificar uma declaração de serviços", "declarar competência sem movimento",
            "converter um lote de RPS em NFS-e", "solicitar autorização para emitir NFS-e",
            "alterar a alíquota do ISSQN", "informar a retenção do ISSQN na nota", "exportar as notas do mês",
            "emitir a segunda via da guia do ISSQN", "cadastrar um novo tomador", "enviar a DES-IF",
            "deduzir materiais da base de cálculo", "baixar a inscrição municipal", "consultar o extrato fiscal",
            "parcelar o ISSQN declarado",
        ),
        problems=(
            "a guia do ISSQN saiu com valor zerado", "a NFS-e foi rejeitada pelo Ambiente Nacional",
            "o tomador não aparece na declaração", "a alíquota veio diferente da cadastrada",
            "o lote de RPS ficou em processamento", "a nota não aparece na consulta pública",
            "o cancelamento foi recusado", "a retenção não foi abatida da guia",
        ),
        concepts=("situação tributária", "local de incidência do ISSQN", "NFS-e substituta", "RPS",
                  "sublimite do Simples Nacional", "regime de estimativa"),
        systems=("Ambiente Nacional da NFS-e", "Portal do Contribuinte", "validador de lotes", "DES-IF"),
        files=("LOTE-RPS", "DECLARACAO", "GUIA", "COSIF", "APURACAO"),
        fields=("Código do serviço", "Alíquota", "Município de incidência", "CNPJ do tomador", "Valor das deduções",
                "Competência", "Situação tributária"),
        documents=("a NFS-e", "a guia do ISSQN", "o recibo de entrega", "o livro fiscal", "o RPS"),
        roles=("o prestador", "o tomador", "o contador da empresa", "o fiscal de tributos"),
        tags=("nfs-e", "issqn", "escrita-fiscal", "rps", "simples-nacional", "cancelamento", "guia",
              "des-if", "retencao", "tomador"),
        prefix="NFSE",
    ),
    SetSpec(
        slug="contabilidade", title="Contabilidade",
        description="Lançamentos contábeis, execução orçamentária, encerramento do mês e ajuste das "
                    "consistências do sistema contábil.",
        email="atende.contabil@example.gov.br", phone="(48) 3000-0002", menu="Contabilidade",
        modules=(
            ("Lançamentos Contábeis", "Estorno de lançamentos, conciliação bancária e encerramento do mês."),
            ("Execução Orçamentária", "Empenho, liquidação, anulação e créditos adicionais."),
            ("Consistências", "Como interpretar e ajustar as consistências antes do encerramento."),
            ("Plano de Contas", "PCASP, contas correntes e relacionamentos com o SICONFI."),
            ("Restos a Pagar", "Inscrição, cancelamento e pagamento de restos a pagar."),
            ("Receita", "Previsão, arrecadação, deduções e classificação da receita."),
            ("Encerramento do Exercício", "Rotinas de virada de ano, saldos iniciais e apuração do resultado."),
            ("Relatórios Contábeis", "Balancete, balanços do Anexo 12 ao 15 e demonstrativos da LRF."),
        ),
        tasks=(
            "estornar um lançamento contábil manual", "fazer a conciliação bancária", "encerrar o mês contábil",
            "emitir uma nota de empenho", "anular parcialmente um empenho", "liquidar um empenho com retenção",
            "abrir um crédito adicional suplementar", "gerar o balancete de verificação",
            "inscrever restos a pagar processados", "cancelar restos a pagar não processados",
            "relacionar contas com o SICONFI", "reabrir um mês encerrado", "lançar a depreciação do mês",
            "classificar uma receita arrecadada", "gerar o balanço patrimonial", "corrigir a fonte de recurso",
            "transferir saldos para o novo exercício", "registrar uma dedução de receita",
            "emitir o razão de uma conta", "consultar o saldo de uma dotação",
        ),
        problems=(
            "o mês não pode ser encerrado", "o saldo da conta bancária não confere com o extrato",
            "o empenho ficou sem saldo para liquidar", "o balancete não fecha", "a dotação aparece negativa",
            "a consistência C031 continua apontando erro", "o estorno não aparece no razão",
            "os restos a pagar não foram inscritos",
        ),
        concepts=("conta corrente contábil", "fonte de recurso", "superávit financeiro", "PCASP Estendido",
                  "natureza da despesa", "restos a pagar não processados"),
        systems=("SICONFI", "MSC", "SIAFIC", "validador de consistências"),
        files=("BALANCETE", "MSC", "RAZAO", "EMPENHO", "LIQUIDACAO"),
        fields=("Conta contábil", "Fonte de recurso", "Histórico", "Valor", "Data do lançamento",
                "Dotação", "Credor"),
        documents=("a nota de empenho", "o balancete", "o razão contábil", "a nota de liquidação",
                   "o demonstrativo de restos a pagar"),
        roles=("o contador", "o técnico contábil", "o ordenador de despesa", "o controle interno"),
        tags=("contabilidade", "empenho", "liquidacao", "balancete", "pcasp", "restos-a-pagar", "consistencias",
              "encerramento", "receita", "conciliacao"),
        prefix="CONT",
    ),
    SetSpec(
        slug="prestacao-de-contas", title="Prestação de Contas",
        description="Remessas aos tribunais de contas e ao Tesouro: SICOM, e-Sfinge, SICONFI, SIOPS e SIOPE.",
        email="atende.prestacao@example.gov.br", phone="(48) 3000-0003", menu="Prestação de Contas",
        modules=(
            ("SICOM", "Remessas mensais e anuais ao SICOM do TCEMG e seus erros de validação."),
            ("e-Sfinge", "Envio de dados ao e-Sfinge do TCE-SC: módulos, prazos e críticas."),
            ("SICONFI", "Matriz de Saldos Contábeis, DCA, RREO e RGF no SICONFI."),
            ("SIOPS", "Aplicação em saúde: declaração semestral e anual do SIOPS."),
            ("SIOPE", "Aplicação em educação: declaração do SIOPE e do FUNDEB."),
            ("Prestação de Contas Anual", "Balanço geral, parecer prévio e documentos da prestação anual."),
            ("Transparência", "Portal da transparência, dados abertos e Lei de Acesso à Informação."),
        ),
        tasks=(
            "gerar a remessa mensal do SICOM", "enviar os dados ao e-Sfinge", "gerar a Matriz de Saldos Contábeis",
            "homologar a DCA no SICONFI", "declarar o SIOPS do semestre", "declarar o SIOPE",
            "corrigir uma crítica do e-Sfinge", "reenviar uma remessa rejeitada", "consultar o recibo de entrega",
            "gerar o RREO do bimestre", "gerar o RGF do quadrimestre", "conferir os limites da LRF",
            "publicar o balanço no portal da transparência", "validar os arquivos antes do envio",
            "retificar uma remessa já homologada", "exportar os dados abertos do mês",
        ),
        problems=(
            "a remessa foi rejeitada pelo tribunal", "o SICONFI recusa a MSC", "o e-Sfinge aponta divergência de "
            "saldos", "o recibo de entrega não foi gerado", "o limite de pessoal aparece acima do permitido",
            "a homologação ficou pendente", "os arquivos do SICOM vieram vazios",
        ),
        concepts=("Matriz de Saldos Contábeis", "remessa mensal", "crítica impeditiva", "DCA", "RREO",
                  "parecer prévio"),
        systems=("SICOM", "e-Sfinge", "SICONFI", "SIOPS", "SIOPE"),
        files=("BALANCETE", "EMP", "LQD", "OPS", "REC", "CTB", "AOB"),
        fields=("Exercício", "Mês de referência", "Órgão", "Unidade gestora", "Responsável pelo envio"),
        documents=("o recibo de entrega", "o relatório de validação", "o arquivo ZIP da remessa",
                   "o demonstrativo da LRF"),
        roles=("o contador responsável", "o controlador interno", "o gestor", "o técnico do tribunal"),
        tags=("sicom", "e-sfinge", "siconfi", "msc", "siops", "siope", "tcemg", "tce-sc", "remessa", "lrf"),
        prefix="PC",
    ),
    SetSpec(
        slug="recursos-humanos", title="Recursos Humanos",
        description="Folha de pagamento, eSocial, DCTFWeb, férias, rescisões e o Portal do Servidor.",
        email="atende.rh@example.gov.br", phone="(48) 3000-0004", menu="Recursos Humanos",
        modules=(
            ("Folha de Pagamento", "Cálculo, fechamento e relatórios da folha mensal."),
            ("eSocial e DCTFWeb", "Eventos do eSocial, fechamento da folha e DCTFWeb."),
            ("Portal do Servidor", "Contracheque, informe de rendimentos e solicitações on-line."),
            ("Férias e Licenças", "Programação de férias, licenças e afastamentos."),
            ("Rescisões", "Exonerações, rescisões e cálculo de verbas rescisórias."),
            ("Previdência", "RPPS, INSS, cálculo de contribuições e aposentadorias."),
            ("Consignações", "Margem consignável, convênios e arquivos de desconto."),
            ("Admissões", "Cadastro de servidores, concursos e documentos de posse."),
        ),
        tasks=(
            "calcular a folha mensal", "fechar a folha de pagamento", "gerar os eventos do eSocial",
            "enviar o evento S-1200", "transmitir a DCTFWeb", "emitir o contracheque",
            "programar as férias de um servidor", "calcular uma rescisão", "lançar uma licença sem vencimento",
            "gerar o informe de rendimentos", "importar o arquivo de consignações", "reabrir a folha fechada",
            "cadastrar um novo servidor", "corrigir um evento rejeitado no eSocial", "calcular o décimo terceiro",
            "gerar a guia do RPPS", "consultar a margem consignável", "emitir a certidão de tempo de serviço",
        ),
        problems=(
            "o evento S-1200 foi rejeitado", "o contracheque não aparece no Portal do Servidor",
            "a DCTFWeb não recebeu os débitos", "as férias foram calculadas em dobro",
            "o desconto do INSS veio maior", "a margem consignável está negativa",
            "a folha não fecha por falta de eventos",
        ),
        concepts=("evento periódico do eSocial", "margem consignável", "DCTFWeb", "base de cálculo do RPPS",
                  "rubrica", "competência da folha"),
        systems=("eSocial", "DCTFWeb", "EFD-Reinf", "Portal do Servidor"),
        files=("S-1200", "S-1210", "S-2200", "S-2299", "S-1299"),
        fields=("Matrícula", "Rubrica", "Competência", "Tipo de folha", "Vínculo", "Data de admissão"),
        documents=("o contracheque", "o recibo do eSocial", "o informe de rendimentos", "a guia do RPPS",
                   "o termo de rescisão"),
        roles=("o servidor", "o técnico de RH", "o gestor de pessoas", "o responsável pelo eSocial"),
        tags=("esocial", "dctfweb", "folha", "ferias", "rescisao", "contracheque", "rpps", "inss", "consignado",
              "servidor"),
        prefix="RH",
    ),
    SetSpec(
        slug="arrecadacao", title="Arrecadação",
        description="IPTU, ITBI, taxas, dívida ativa, parcelamentos e certidões do contribuinte.",
        email="atende.tributos@example.gov.br", phone="(48) 3000-0005", menu="Arrecadação",
        modules=(
            ("IPTU", "Lançamento, cota única, parcelas e revisão do valor venal."),
            ("ITBI", "Guia de ITBI, base de cálculo e conferência pelo cartório."),
            ("Dívida Ativa e Certidões", "Inscrição em dívida ativa, CND e certidão positiva com efeito de "
                                         "negativa."),
            ("Parcelamentos", "Parcelamento de débitos, reparcelamento e cancelamento por atraso."),
            ("Taxas", "Taxa de coleta de lixo, alvará e licença de funcionamento."),
            ("Baixa Bancária", "Arquivos de retorno, DAM e conciliação da arrecadação."),
            ("Cadastro Imobiliário", "Unidades, loteamentos, desmembramentos e averbações."),
        ),
        tasks=(
            "emitir a segunda via do DAM", "parcelar o IPTU em atraso", "aplicar o desconto da cota única",
            "solicitar a revisão do valor venal", "emitir a guia de ITBI", "contestar a base de cálculo do ITBI",
            "inscrever débitos em dívida ativa", "emitir a certidão negativa de débitos",
            "importar o arquivo de retorno do banco", "cancelar um parcelamento em atraso",
            "emitir o alvará de funcionamento", "desmembrar um lote", "averbar uma construção",
            "consultar os débitos de um imóvel", "compensar um pagamento em duplicidade",
            "emitir o carnê do IPTU", "prorrogar o vencimento de uma taxa",
        ),
        problems=(
            "a certidão saiu positiva com efeito de negativa", "o pagamento não baixou o débito",
            "o desconto da cota única não foi aplicado", "o valor venal aumentou",
            "o cartório não reconhece a guia de ITBI", "o parcelamento foi cancelado",
            "o arquivo de retorno foi recusado",
        ),
        concepts=("valor venal", "dívida ativa", "certidão positiva com efeito de negativa", "DAM",
                  "cota única", "fração ideal"),
        systems=("Portal do Contribuinte", "arquivo de retorno CNAB 240", "cartório de registro de imóveis",
                 "Febraban"),
        files=("RETORNO", "CNAB240", "CARNE", "ITBI", "DIVIDA"),
        fields=("Inscrição imobiliária", "CPF ou CNPJ", "Exercício", "Número do parcelamento",
                "Data de vencimento", "Valor venal"),
        documents=("o DAM", "o carnê do IPTU", "a certidão negativa", "a guia de ITBI", "o termo de "
                   "parcelamento"),
        roles=("o contribuinte", "o atendente da prefeitura", "o fiscal de tributos", "o cartório"),
        tags=("iptu", "itbi", "dam", "divida-ativa", "certidao", "parcelamento", "taxas", "baixa-bancaria",
              "segunda-via", "contribuinte"),
        prefix="ARR",
    ),
    SetSpec(
        slug="compras-e-licitacoes", title="Compras e Licitações",
        description="Processos de compra, pregão eletrônico, atas de registro de preços, contratos e PNCP.",
        email="atende.compras@example.gov.br", phone="(48) 3000-0006", menu="Compras",
        modules=(
            ("Processos de Compra", "Requisição, cotação e abertura do processo de compra."),
            ("Pregão Eletrônico", "Publicação, sessão pública, lances e adjudicação."),
            ("Atas de Registro de Preços", "Registro, adesão e controle de saldo das atas."),
            ("Contratos", "Cadastro, aditivos, apostilamentos e fiscalização de contratos."),
            ("PNCP", "Publicação de editais, atas e contratos no Portal Nacional de Contratações Públicas."),
            ("Fornecedores", "Cadastro, documentos de habilitação e penalidades."),
            ("Dispensa e Inexigibilidade", "Contratações diretas pela Lei 14.133."),
        ),
        tasks=(
            "abrir um processo de compra", "publicar um edital no PNCP", "registrar os lances do pregão",
            "adjudicar e homologar uma licitação", "registrar uma ata de registro de preços",
            "aderir a uma ata de outro órgão", "cadastrar um aditivo de prazo", "apostilar um reajuste",
            "cadastrar um fornecedor", "anexar os documentos de habilitação", "aplicar uma penalidade",
            "consultar o saldo da ata", "publicar o contrato no PNCP", "cancelar um item da licitação",
            "gerar o mapa de preços", "registrar uma dispensa de licitação",
        ),
        problems=(
            "o PNCP recusou a publicação", "o saldo da ata não confere", "o fornecedor aparece como impedido",
            "o aditivo não atualizou o valor do contrato", "o item ficou sem cotação",
            "a homologação está bloqueada",
        ),
        concepts=("ata de registro de preços", "apostilamento", "matriz de riscos", "estudo técnico preliminar",
                  "termo de referência", "dispensa eletrônica"),
        systems=("PNCP", "Compras.gov.br", "portal de licitações", "SICAF"),
        files=("EDITAL", "ATA", "CONTRATO", "ADITIVO", "ITENS"),
        fields=("Modalidade", "Número do processo", "Objeto", "Valor estimado", "Fornecedor", "Vigência"),
        documents=("o edital", "a ata de registro de preços", "o contrato", "o termo aditivo", "o mapa de "
                   "preços"),
        roles=("o pregoeiro", "o agente de contratação", "o fiscal do contrato", "o fornecedor"),
        tags=("pncp", "pregao", "licitacao", "contratos", "ata", "fornecedor", "lei-14133", "aditivo",
              "dispensa", "compras"),
        prefix="COMP",
    ),
    SetSpec(
        slug="patrimonio", title="Patrimônio",
        description="Bens móveis e imóveis, tombamento, depreciação, transferências e inventário anual.",
        email="atende.patrimonio@example.gov.br", phone="(48) 3000-0007", menu="Patrimônio",
        modules=(
            ("Bens Móveis", "Tombamento, plaquetas e transferências entre setores."),
            ("Bens Imóveis", "Cadastro de imóveis, reavaliação e integração com a contabilidade."),
            ("Depreciação", "Vida útil, valor residual e cálculo mensal da depreciação."),
            ("Inventário", "Inventário anual, conferência por setor e termos de responsabilidade."),
            ("Baixas", "Alienação, doação, furto e baixa de bens inservíveis."),
        ),
        tasks=(
            "tombar um bem móvel", "transferir um bem entre setores", "calcular a depreciação do mês",
            "reavaliar um imóvel", "emitir o termo de responsabilidade", "iniciar o inventário anual",
            "dar baixa em um bem inservível", "imprimir as plaquetas", "integrar o patrimônio com a "
            "contabilidade", "corrigir a vida útil de um bem",
        ),
        problems=(
            "a depreciação não foi lançada na contabilidade", "o bem aparece em dois setores",
            "o saldo do patrimônio difere do contábil", "a plaqueta saiu com número repetido",
        ),
        concepts=("valor residual", "vida útil", "tombamento", "reavaliação", "termo de responsabilidade"),
        systems=("integração contábil", "leitor de código de barras", "módulo de inventário"),
        files=("INVENTARIO", "DEPRECIACAO", "BENS"),
        fields=("Número do tombo", "Setor", "Data de aquisição", "Vida útil", "Valor residual"),
        documents=("o termo de responsabilidade", "o relatório de inventário", "a plaqueta"),
        roles=("o responsável pelo setor", "o agente patrimonial", "a comissão de inventário"),
        tags=("patrimonio", "depreciacao", "inventario", "tombamento", "bens-moveis", "imoveis", "baixa"),
        prefix="PAT",
    ),
    SetSpec(
        slug="almoxarifado", title="Almoxarifado",
        description="Entradas de materiais, requisições, estoque mínimo e fechamento mensal do almoxarifado.",
        email="atende.almoxarifado@example.gov.br", phone="(48) 3000-0008", menu="Almoxarifado",
        modules=(
            ("Entradas", "Entrada de notas fiscais, empenhos e doações."),
            ("Requisições", "Requisição de materiais pelos setores e atendimento."),
            ("Estoque", "Estoque mínimo, inventário e ajustes de saldo."),
            ("Fechamento Mensal", "Fechamento do almoxarifado e integração contábil."),
            ("Materiais", "Cadastro de materiais, unidades de medida e classificação."),
        ),
        tasks=(
            "dar entrada em uma nota fiscal", "atender uma requisição de material", "ajustar o saldo do estoque",
            "fechar o mês do almoxarifado", "cadastrar um novo material", "transferir material entre "
            "almoxarifados", "estornar uma saída", "emitir o relatório de consumo por setor",
            "definir o estoque mínimo", "vincular a entrada ao empenho",
        ),
        problems=(
            "o saldo do almoxarifado não confere com a contabilidade", "a requisição ficou pendente",
            "o material aparece com custo médio zerado", "o fechamento do mês foi bloqueado",
        ),
        concepts=("custo médio ponderado", "estoque mínimo", "requisição", "unidade de medida"),
        systems=("integração contábil", "leitor de código de barras"),
        files=("ENTRADAS", "SAIDAS", "ESTOQUE"),
        fields=("Material", "Quantidade", "Unidade", "Setor requisitante", "Número do empenho"),
        documents=("a requisição", "a nota de entrada", "o relatório de consumo"),
        roles=("o almoxarife", "o setor requisitante", "o gestor do almoxarifado"),
        tags=("almoxarifado", "estoque", "requisicao", "materiais", "entrada", "fechamento"),
        prefix="ALM",
    ),
    SetSpec(
        slug="tesouraria", title="Tesouraria",
        description="Pagamentos, ordens bancárias, transferências, arquivos de remessa e retorno.",
        email="atende.tesouraria@example.gov.br", phone="(48) 3000-0009", menu="Tesouraria",
        modules=(
            ("Pagamentos", "Ordens de pagamento, retenções e pagamentos em lote."),
            ("Ordens Bancárias", "Arquivos de remessa ao banco e retorno de pagamentos."),
            ("Conciliação Bancária", "Extratos OFX, pendências e conciliação automática."),
            ("Transferências", "Transferências financeiras entre contas e fontes."),
            ("Boletim de Caixa", "Boletim diário, saldos e fechamento da tesouraria."),
        ),
        tasks=(
            "gerar uma ordem de pagamento", "enviar o arquivo de remessa ao banco", "importar o extrato OFX",
            "conciliar as pendências bancárias", "estornar um pagamento", "registrar uma transferência entre "
            "contas", "emitir o boletim de caixa", "pagar em lote os fornecedores", "reter o ISSQN no "
            "pagamento", "cancelar uma ordem bancária",
        ),
        problems=(
            "o banco rejeitou o arquivo de remessa", "o pagamento aparece duplicado", "o extrato OFX não foi "
            "importado", "o boletim de caixa não fecha", "a retenção não gerou receita",
        ),
        concepts=("ordem bancária", "boletim de caixa", "extrato OFX", "pendência de conciliação"),
        systems=("banco", "CNAB 240", "arquivo OFX"),
        files=("REMESSA", "RETORNO", "OFX"),
        fields=("Conta bancária", "Credor", "Valor líquido", "Data de pagamento", "Fonte de recurso"),
        documents=("a ordem de pagamento", "o boletim de caixa", "o comprovante de pagamento"),
        roles=("o tesoureiro", "o ordenador de despesa", "o contador"),
        tags=("tesouraria", "pagamento", "ordem-bancaria", "conciliacao", "ofx", "remessa", "retorno"),
        prefix="TES",
    ),
    SetSpec(
        slug="protocolo", title="Protocolo e Processos",
        description="Processos digitais, tramitação entre setores, ouvidoria e atendimento ao cidadão.",
        email="atende.protocolo@example.gov.br", phone="(48) 3000-0010", menu="Protocolo",
        modules=(
            ("Processos Digitais", "Abertura, anexos, assinatura e arquivamento de processos."),
            ("Tramitação", "Encaminhamento entre setores, prazos e pareceres."),
            ("Ouvidoria", "Manifestações do cidadão, prazos e respostas."),
            ("Atendimento ao Cidadão", "Serviços on-line, agendamento e consulta de processos."),
            ("Assinatura Eletrônica", "Certificado digital, assinatura em lote e validação."),
        ),
        tasks=(
            "abrir um processo digital", "anexar um documento ao processo", "tramitar um processo para outro "
            "setor", "assinar um documento com certificado digital", "arquivar um processo concluído",
            "responder uma manifestação da ouvidoria", "consultar o andamento de um processo",
            "reabrir um processo arquivado", "juntar dois processos", "emitir o comprovante de protocolo",
        ),
        problems=(
            "o processo não aparece na caixa do setor", "a assinatura digital foi recusada",
            "o prazo da manifestação venceu", "o anexo não abre",
        ),
        concepts=("processo digital", "tramitação", "manifestação", "assinatura eletrônica avançada"),
        systems=("certificado digital ICP-Brasil", "gov.br", "portal do cidadão"),
        files=("PROCESSO", "ANEXO", "ASSINATURA"),
        fields=("Assunto", "Requerente", "Setor de destino", "Prazo", "Número do processo"),
        documents=("o comprovante de protocolo", "o parecer", "o despacho"),
        roles=("o cidadão", "o servidor do protocolo", "o ouvidor", "o chefe do setor"),
        tags=("protocolo", "processo-digital", "tramitacao", "ouvidoria", "assinatura", "certificado"),
        prefix="PROT",
    ),
)

#: Qualifiers that make more module titles from a set's base list when a large site needs them.
MODULE_QUALIFIERS = ("Cadastros", "Rotinas Mensais", "Relatórios", "Integrações", "Configurações", "Consultas",
                     "Exportações", "Fechamento", "Importações", "Auditoria", "Portal Web", "Aplicativo")

#: Qualifiers that make article titles unique: the real help centers are full of these.
CONTEXTS = (
    "no portal do contribuinte", "pelo aplicativo", "em lote", "de exercícios anteriores", "com certificado "
    "digital", "para microempreendedor individual", "fora do prazo", "na virada do exercício",
    "para órgãos da administração indireta", "no consórcio intermunicipal", "com mais de uma entidade",
    "na Câmara Municipal", "no RPPS", "no fundo municipal de saúde", "para a autarquia de água e esgoto",
    "depois do fechamento do mês", "sem acesso ao sistema antigo", "usando a nova versão da tela",
    "com usuário de perfil restrito", "em competência retroativa",
)

TITLE_TEMPLATES = (
    "Como {task}?",
    "Como {task} {context}?",
    "É possível {task} {context}?",
    "Não consigo {task}: o que verificar?",
    "Passo a passo para {task} {context}",
    "Quem pode {task} {context}?",
    "Qual o prazo para {task}?",
    "Erro ao {task} {context}: o que fazer?",
)

PROBLEM_TEMPLATES = ("Por que {problem}?", "Por que {problem} {context}?", "{Problem}: o que fazer?")
CONCEPT_TEMPLATES = ("O que é {concept}?", "O que significa {concept} {context}?")

#: Near-duplicate families: one message, many codes, as the SICOM articles of the seed.
FAMILY_TEMPLATE = "Ocorreu erro no {system}: Erro {code} - Erro no arquivo {file} na linha {line}. O que fazer?"
FAMILY_CAUSES = (
    "a conta informada não existe no plano de contas do tribunal",
    "a data do documento é anterior à data do empenho",
    "o número do documento já foi enviado em remessa anterior",
    "a natureza de receita não é compatível com a conta",
    "o CPF ou CNPJ do credor não está cadastrado",
    "o saldo final não confere com o saldo inicial mais as movimentações",
    "a fonte de recurso não está vinculada à dotação",
    "o código do órgão difere do cadastrado no tribunal",
)

SECTION_HEADINGS = (
    "Antes de começar", "Quando isso acontece", "Causas comuns", "O que verificar", "Como corrigir",
    "Passo a passo", "Depois de concluir", "Mensagens de erro", "Perguntas relacionadas", "Prazos",
    "Quem tem permissão", "Entendendo a regra", "Como conferir", "Situações especiais",
)

SCREENS = ("Cadastro", "Consulta", "Emissão", "Cancelamento", "Relatórios", "Configurações", "Importação",
           "Exportação", "Fechamento", "Validação", "Geração de Arquivos", "Parâmetros")

BUTTONS = ("Confirmar", "Salvar", "Gerar arquivos", "Validar", "Processar", "Pesquisar", "Imprimir",
           "Executar novamente", "Enviar", "Baixar ZIP", "Detalhar", "Novo", "Alterar", "Excluir")

DEADLINES = ("até o dia 10 do mês seguinte", "até o último dia útil do mês", "em até 30 dias",
             "até o dia 15 do mês subsequente", "até 31 de março do exercício seguinte",
             "no prazo de 5 dias úteis", "até o dia 20 de cada mês", "antes do fechamento do bimestre")

AUTHORITIES = ("o Tribunal de Contas do Estado", "a Secretaria do Tesouro Nacional", "a Receita Federal",
               "a Secretaria Municipal da Fazenda", "a Controladoria-Geral do Município", "o Ministério da Saúde",
               "o FNDE", "a Procuradoria do Município")

# Sentences with slots: {menu} {button} {field} {field2} {document} {role} {role2} {deadline} {authority}
# {system} {competence} {task} {concept} {code}
SENTENCES = (
    "Acesse **{menu}** e informe o campo **{field}** antes de continuar.",
    "O sistema só libera a rotina quando {document} da competência {competence} estiver conferido.",
    "Se a mensagem continuar aparecendo, confira o campo **{field}** e clique em **{button}** de novo.",
    "Essa verificação existe porque {authority} exige os dados completos {deadline}.",
    "Somente {role} com permissão de gravação consegue concluir essa etapa.",
    "Quando {role} altera o campo **{field}**, o sistema recalcula os valores da competência {competence}.",
    "Depois de clicar em **{button}**, aguarde a mensagem de confirmação no canto superior da tela.",
    "O prazo para concluir o envio é {deadline}, salvo prorrogação publicada por {authority}.",
    "Guarde {document} junto com o processo: é o comprovante de que a rotina foi executada no prazo.",
    "A integração com o {system} acontece de madrugada; alterações feitas depois das 18h aparecem no dia "
    "seguinte.",
    "Se {role} não encontrar a opção no menu, o perfil de acesso precisa ser revisto pelo administrador.",
    "Em caso de dúvida sobre a regra, consulte o manual publicado por {authority}.",
    "Os campos **{field}** e **{field2}** são obrigatórios e não aceitam valores em branco.",
    "A tela mostra as ocorrências por ordem de gravidade: primeiro as impeditivas, depois os alertas.",
    "Uma ocorrência impeditiva bloqueia o fechamento; um alerta pode ser justificado e liberado.",
    "Antes de {task}, confira se não há outra pessoa usando a mesma rotina na competência {competence}.",
    "O relatório gerado pode ser salvo em PDF ou em planilha para conferência.",
    "O código **{code}** identifica a situação no registro de ocorrências do sistema.",
    "Os valores exibidos consideram apenas os lançamentos já confirmados.",
    "Ao reprocessar, o sistema substitui o arquivo anterior; não é preciso excluí-lo antes.",
    "Se {role2} já recebeu {document}, comunique a correção por e-mail para evitar duplicidade.",
    "Essa opção fica disponível somente depois da primeira geração de {document}.",
    "Para conferir o resultado, use **{menu}** e filtre pela competência {competence}.",
    "Quando o {system} está fora do ar, a remessa fica na fila e é reenviada automaticamente.",
    "A regra vale para todas as entidades do município, inclusive Câmara, autarquias e fundos.",
    "Na dúvida entre duas opções, escolha a que corresponde ao documento de origem.",
    "O histórico de alterações mostra quem mudou o campo **{field}**, quando e qual era o valor anterior.",
    "Caso {role} tenha informado um valor errado, a correção deve ser feita na origem e não no relatório.",
    "O sistema envia um e-mail automático para {role2} quando a etapa é concluída.",
    "Essa mensagem não indica erro no sistema: é uma regra de validação de {authority}.",
    "Ao mudar de exercício, as configurações do ano anterior são copiadas e podem ser ajustadas.",
    "Verifique também se o certificado digital do responsável está dentro da validade.",
    "Se o problema começou depois da atualização da versão, limpe o cache do navegador e entre de novo.",
    "A conferência leva poucos minutos e evita a rejeição do arquivo pelo {system}.",
    "É comum o erro aparecer quando {concept} não foi configurado no início do exercício.",
    "Para entender melhor {concept}, veja o exemplo da tabela abaixo.",
    "Nenhum dado é perdido ao cancelar a operação: o sistema desfaz apenas a última etapa.",
    "A ordem dos passos importa: gerar antes de validar produz um arquivo incompleto.",
    "Anote o número do protocolo exibido ao final; ele é pedido no atendimento.",
    "Em municípios com mais de uma entidade, repita o procedimento para cada uma delas.",
)

INTROS = (
    "Este artigo explica como {task} e o que conferir antes de concluir.",
    "Muitos chamados ao suporte pedem ajuda para {task}; o procedimento abaixo resolve a maioria dos casos.",
    "A rotina de {concept} é usada por {role} e depende de {document} estar correto.",
    "Quando {role} precisa {task}, o caminho começa em **{menu}**.",
    "A mensagem **{code}** aparece quando uma regra de validação de {authority} não é atendida.",
)

STEPS = (
    "Acesse **{menu}**.",
    "Informe o campo **{field}** e o exercício.",
    "Clique em **{button}**.",
    "Confira os dados exibidos: {field_lc}, {field2_lc} e situação.",
    "Selecione a competência {competence}.",
    "Marque a opção **{field2}** quando ela se aplicar ao caso.",
    "Revise o resumo e clique em **{button}** para confirmar.",
    "Baixe {document} e guarde-o junto com o processo.",
    "Volte à tela inicial e verifique se a situação mudou para **Concluído**.",
    "Se houver ocorrência, clique em **Detalhar** e anote o código exibido.",
)

ADMONITIONS = ("note", "tip", "warning", "important")

TABLE_HEADERS = (("Campo", "O que informar"), ("Situação", "O que fazer"), ("Código", "Significado"),
                 ("Prazo", "Regra"))

TABLE_VALUES = (
    "Obrigatório para todas as entidades", "Informe como está no documento de origem",
    "Preenchido automaticamente pelo sistema", "Corrija na origem e gere de novo", "Justifique e libere",
    "Impede o fechamento do mês", "Apenas alerta, não impede o envio", "Consulte o suporte com o protocolo",
    "Até o dia 10 do mês seguinte", "Conforme o calendário do tribunal",
)

GLOSSARY = (
    ("Competência", "mês e ano a que os dados se referem, não a data em que foram digitados."),
    ("Ocorrência impeditiva", "regra de validação que impede concluir a rotina até ser corrigida."),
    ("Entidade", "cada órgão com CNPJ próprio: Prefeitura, Câmara, autarquias e fundos."),
    ("Remessa", "conjunto de arquivos enviados de uma vez, com um recibo de entrega."),
    ("Perfil de acesso", "grupo de permissões do usuário, definido pelo administrador do sistema."),
    ("Reprocessar", "gerar de novo os dados de uma competência a partir dos lançamentos atuais."),
)

SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nfs-e", ("nfse", "nota fiscal de serviço eletrônica", "nota de serviço")),
    ("issqn", ("iss", "imposto sobre serviços")),
    ("iptu", ("imposto predial", "imposto territorial urbano")),
    ("itbi", ("imposto de transmissão", "transferência de imóvel")),
    ("dam", ("documento de arrecadação municipal", "boleto da prefeitura")),
    ("segunda via", ("2ª via", "reemitir boleto", "boleto vencido")),
    ("esocial", ("e-social",)),
    ("e-sfinge", ("esfinge", "tce-sc")),
    ("sicom", ("tce-mg", "tcemg")),
    ("msc", ("matriz de saldos contábeis",)),
    ("contracheque", ("holerite", "demonstrativo de pagamento")),
    ("pncp", ("portal nacional de contratações públicas",)),
)
