// The Terms view's own UI strings (the shared ones are in i18n.js).
import { translator } from '../../i18n.js';

const STRINGS = {
  en: {
    frequencies: 'Frequencies', keyness: 'Keyness', ngrams: 'N-grams', collocates: 'Collocates',
    scope: 'Scope', search: 'Search', minLength: 'Min length', kinds: 'Tokens', kindWords: 'words',
    kindNumbers: 'words + numbers', kindPunct: 'words + numbers + punctuation', stopwords: 'Hide stopwords',
    editStopwords: 'Edit stopword list', stopHelp: 'One word per line. Kept in this browser only.',
    loadList: 'Add built-in list', save: 'Save', resetList: 'Reset to built-in zh + en', saved: 'Stopword list saved ({n} words).',
    exportCsv: 'CSV', exportJson: 'JSON', export: 'Export', tfidf: 'TF-IDF',
    termsSummary: '{shown} of {total} terms · {tokens} tokens counted{scope}', inDoc: ' in {name}',
    target: 'Target', reference: 'Reference', rest: 'all other documents', alpha: 'Significance',
    bonferroni: 'Bonferroni', overused: 'Overused in the target', underused: 'Underused in the target',
    targetCount: 'Target', refCount: 'Reference', g2: 'G²', logRatio: 'Log ratio', p: 'p',
    keySummary: '{tests} terms tested; listed when G² > {critical}.', noRows: 'Nothing to show.',
    ngram: 'N-gram', n: 'n', minN: 'From', maxN: 'to', minCount: 'Min count',
    ngramSummary: '{rows} n-grams listed of {distinct} distinct.',
    node: 'Node', window: 'Window', measure: 'Rank by', logLikelihood: 'log-likelihood', mi: 'MI',
    left: 'Left', right: 'Right', frequency: 'Freq', mutual: 'MI', pickTerm: 'Click a term in a table, or type one.',
    collSummary: '{n} occurrences of {node}; {rows} collocates.',
    concordance: 'Concordance of {term}', hits: '{n} hits', sortBy: 'Sort by', position: 'position',
    leftWords: 'left words', rightWords: 'right words', distribution: 'Distribution along each document',
    barTitle: 'Top terms', hit: 'Hit', document: 'Document', context: 'In context', close: 'Close',
    markedIn: 'Marked in the views:', show: 'Show', moreLines: 'Showing {shown} of {total} lines.', wordsPer10k: '{rate} per 10k words',
  },
  zh: {
    frequencies: '词频', keyness: '关键词', ngrams: 'N 元组', collocates: '搭配词',
    scope: '范围', search: '搜索', minLength: '最短长度', kinds: '词元', kindWords: '词语',
    kindNumbers: '词语 + 数字', kindPunct: '词语 + 数字 + 标点', stopwords: '隐藏停用词',
    editStopwords: '编辑停用词表', stopHelp: '每行一个词，只保存在本浏览器中。',
    loadList: '加入内置词表', save: '保存', resetList: '恢复内置中文 + 英文词表', saved: '已保存停用词表（{n} 个词）。',
    exportCsv: 'CSV', exportJson: 'JSON', export: '导出', tfidf: 'TF-IDF',
    termsSummary: '{shown} / {total} 个词 · 统计 {tokens} 个词元{scope}', inDoc: '（{name}）',
    target: '目标', reference: '参照', rest: '其余全部文档', alpha: '显著性',
    bonferroni: 'Bonferroni 校正', overused: '目标中偏多', underused: '目标中偏少',
    targetCount: '目标', refCount: '参照', g2: 'G²', logRatio: '对数比', p: 'p',
    keySummary: '检验 {tests} 个词；G² > {critical} 时列出。', noRows: '没有内容。',
    ngram: 'N 元组', n: 'n', minN: '从', maxN: '到', minCount: '最少次数',
    ngramSummary: '列出 {rows} 个，共 {distinct} 个不同的 N 元组。',
    node: '节点词', window: '窗口', measure: '排序依据', logLikelihood: '对数似然', mi: '互信息',
    left: '左', right: '右', frequency: '频次', mutual: 'MI', pickTerm: '在表中点击一个词，或输入一个词。',
    collSummary: '{node} 出现 {n} 次；{rows} 个搭配词。',
    concordance: '{term} 的索引行', hits: '{n} 处', sortBy: '排序', position: '位置',
    leftWords: '左侧词', rightWords: '右侧词', distribution: '在各文档中的分布',
    barTitle: '高频词', hit: '命中', document: '文档', context: '上下文', close: '关闭',
    markedIn: '已在以下视图中标记：', show: '显示', moreLines: '显示 {shown} / {total} 行。', wordsPer10k: '每万词 {rate} 次',
  },
};

/** This view's UI string `key`; falls back to the shared strings. */
export const s = translator(STRINGS);
