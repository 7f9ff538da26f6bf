// GIVEN a playground in Chinese or Japanese THEN the Discord command names of that language are typed
// commands too (what Troupe's messages name can be typed back), and English ones still work.
import { describe, expect, it } from 'vitest';
import { playgroundCommandLine } from '../../../src/terminal/localized-commands.js';

describe('playgroundCommandLine', () => {
  it('GIVEN Chinese command and sub-command names THEN the English command, with the rest as typed', () => {
    expect(playgroundCommandLine('zh-CN', '/阵容 加入 凌路')).toBe('/cast add 凌路');
    expect(playgroundCommandLine('zh-CN', '/重置')).toBe('/reset');
    expect(playgroundCommandLine('zh-TW', '/陣容 列表')).toBe('/cast list');
    expect(playgroundCommandLine('zh-CN', '/冷场 关闭')).toBe('/silence off');
    expect(playgroundCommandLine('zh-CN', '/场景 一次性 下起雨来了')).toBe('/scene once 下起雨来了');
  });

  it('GIVEN Japanese names THEN the English command; the turn order command is /mode with its choice', () => {
    expect(playgroundCommandLine('ja', '/出演 追加 ling-lu')).toBe('/cast add ling-lu');
    expect(playgroundCommandLine('ja', '/発言順 ランダム')).toBe('/mode random');
    expect(playgroundCommandLine('ja_JP.UTF-8', '/記憶 オン 60')).toBe('/memory on 60');
  });

  it('GIVEN English, an unknown word or another language THEN the line is left as typed', () => {
    expect(playgroundCommandLine('zh-CN', '/cast add ling-lu')).toBe('/cast add ling-lu');
    expect(playgroundCommandLine('ja', '/なにか')).toBe('/なにか');
    expect(playgroundCommandLine('en', '/阵容 加入')).toBe('/阵容 加入');
    // A persona whose name is a sub-command word of another command stays a name.
    expect(playgroundCommandLine('zh-CN', '/点名 凌路')).toBe('/nudge 凌路');
  });
});
